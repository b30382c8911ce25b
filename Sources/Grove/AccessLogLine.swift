import GroveHTTP

/// Formats access-log lines.
///
/// Text: the Combined Log Format followed by the duration in seconds and the application —
/// `127.0.0.1:50412 - - [22/Nov/2026:06:23:38 +0000] "GET /x?y HTTP/1.1" 200 12 "-" "curl/8" 0.000412 hello`.
/// JSON: `{"time":…,"remote":…,"method":…,"target":…,"version":…,"status":200,"bytes":12,
/// "duration_ms":0.412,"application":"hello","user_agent":…,"referer":…,"pid":…,"worker":…}`.
enum AccessLogLine {
    /// One line, newline included. `seconds` is the wall-clock time of the answer.
    static func format(_ entry: AccessLogEntry, format: LogFormat, seconds: Int, nanoseconds: Int,
                       pid: Int32, worker: Int?) -> String {
        switch format {
        case .text:
            let bytes = entry.responseBytes.map { $0 == 0 ? "-" : "\($0)" } ?? "-"
            return "\(entry.remoteAddress) - - [\(commonLogTime(seconds: seconds))] "
                + "\"\(escaped(entry.method)) \(escaped(entry.target)) \(entry.version)\" \(entry.status) \(bytes) "
                + "\"\(escaped(entry.referer ?? "-"))\" \"\(escaped(entry.userAgent ?? "-"))\" "
                + "\(secondsText(entry.durationNanoseconds)) \(entry.application ?? "-")\n"
        case .json:
            var line = "{\"time\":\"\(LogTimestamp.format(seconds: seconds, nanoseconds: nanoseconds))\""
                + ",\"remote\":\(JSONText.quoted(entry.remoteAddress))"
                + ",\"method\":\(JSONText.quoted(entry.method)),\"target\":\(JSONText.quoted(entry.target))"
                + ",\"version\":\"\(entry.version)\",\"status\":\(entry.status)"
                + ",\"bytes\":\(entry.responseBytes.map(String.init) ?? "null")"
                + ",\"duration_ms\":\(Double(entry.durationNanoseconds) / 1_000_000)"
                + ",\"application\":\(entry.application.map(JSONText.quoted) ?? "null")"
            if let userAgent = entry.userAgent { line += ",\"user_agent\":\(JSONText.quoted(userAgent))" }
            if let referer = entry.referer { line += ",\"referer\":\(JSONText.quoted(referer))" }
            line += ",\"pid\":\(pid)"
            if let worker { line += ",\"worker\":\(worker)" }
            return line + "}\n"
        }
    }

    /// `22/Nov/2026:06:23:38 +0000`.
    static func commonLogTime(seconds: Int) -> String {
        let iso = LogTimestamp.format(seconds: seconds, nanoseconds: 0)  // 2026-11-22T06:23:38.000Z
        let utf8 = Array(iso.utf8)
        let year = String(decoding: utf8[0..<4], as: UTF8.self)
        let month = Int(String(decoding: utf8[5..<7], as: UTF8.self)) ?? 1
        let day = String(decoding: utf8[8..<10], as: UTF8.self)
        let clock = String(decoding: utf8[11..<19], as: UTF8.self)
        return "\(day)/\(months[month - 1])/\(year):\(clock) +0000"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `0.000412`: seconds with microseconds.
    private static func secondsText(_ nanoseconds: UInt64) -> String {
        let micros = nanoseconds / 1000
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    /// Quotes, backslashes and control bytes escaped (a request line is client-controlled).
    private static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" : "") + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

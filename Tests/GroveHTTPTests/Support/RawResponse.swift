/// A response as a test client read it off the wire.
struct RawResponse: Sendable, CustomStringConvertible {
    var status: Int
    var fields: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a field, case-insensitively.
    func field(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
    var closes: Bool { field("Connection")?.lowercased() == "close" }

    var description: String { "\(status) \(fields.map { "\($0.name): \($0.value)" }) \(bodyText.prefix(200))" }
}

/// Parses responses from the bytes a client received (a deliberately small, test-only parser).
struct RawResponseReader {
    var buffer: [UInt8] = []

    enum Outcome {
        case response(RawResponse)
        case needMore
        case malformed(String)
    }

    /// Parses one response from the front of the buffer; `eof` means no more bytes will come.
    /// `headRequest` responses have no body.
    mutating func next(eof: Bool, headRequest: Bool = false) -> Outcome {
        guard let headEnd = find([13, 10, 13, 10], in: buffer[...]) else {
            return eof ? .malformed("connection closed before a complete head") : .needMore
        }
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            return .malformed("bad status line in \(headText)")
        }
        let fields = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var response = RawResponse(status: status, fields: fields.map { (name: $0.0, value: $0.1) }, body: [])
        let bodyStart = headEnd + 4
        if status == 100 {
            buffer.removeSubrange(..<bodyStart)
            return .response(response)
        }
        if headRequest || status == 204 || status == 304 {
            buffer.removeSubrange(..<bodyStart)
            return .response(response)
        }
        if let length = response.field("Content-Length").flatMap({ Int($0) }) {
            guard buffer.count - bodyStart >= length else { return eof ? .malformed("short body") : .needMore }
            response.body = Array(buffer[bodyStart..<bodyStart + length])
            buffer.removeSubrange(..<(bodyStart + length))
            return .response(response)
        }
        if response.field("Transfer-Encoding")?.lowercased() == "chunked" {
            var index = bodyStart
            var body: [UInt8] = []
            while true {
                guard let lineEnd = find([13, 10], in: buffer[index...]) else { return eof ? .malformed("short chunk") : .needMore }
                let sizeText = String(decoding: buffer[index..<lineEnd], as: UTF8.self)
                guard let size = Int(sizeText, radix: 16) else { return .malformed("bad chunk size \(sizeText)") }
                let dataStart = lineEnd + 2
                if size == 0 {
                    guard buffer.count >= dataStart + 2 else { return eof ? .malformed("short last chunk") : .needMore }
                    response.body = body
                    buffer.removeSubrange(..<(dataStart + 2))
                    return .response(response)
                }
                guard buffer.count >= dataStart + size + 2 else { return eof ? .malformed("short chunk data") : .needMore }
                body += buffer[dataStart..<dataStart + size]
                index = dataStart + size + 2
            }
        }
        // Delimited by the close of the connection.
        guard eof else { return .needMore }
        response.body = Array(buffer[bodyStart...])
        buffer.removeAll()
        return .response(response)
    }

    private func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

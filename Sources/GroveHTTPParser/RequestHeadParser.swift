import HTTPTypes

/// Turns a complete, scanned head into an ``HTTPRequestHead``: request line, target,
/// fields, then the framing and connection decisions. The fields are checked here and built
/// only when the head's `request` is read (``RequestHeadStorage``).
enum RequestHeadParser {
    /// Parses `buffer[0..<end]`, a head whose lines the scan found CRLF-terminated, ending
    /// with the empty line, with `fieldCount` field lines. The head's bytes go into `spare`
    /// when it can be reused (``RequestHeadStorage``).
    static func parse(
        _ buffer: UnsafeRawBufferPointer,
        end: Int,
        fieldCount: Int,
        limits: HTTPParserLimits,
        reusing spare: inout RequestHeadStorage?
    ) -> Result<HTTPRequestHead, HTTPParseError> {
        // The scan checked the lines; they are checked again as they are used, so that a
        // caller who changed the kept bytes between calls gets an error, never a crash.
        var start = 0
        // Empty lines before the request line (the scan allowed them).
        while start + 1 < end, buffer[start] == ASCII.cr, buffer[start + 1] == ASCII.lf { start += 2 }
        guard let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: start, to: end),
            lf > start, buffer[lf - 1] == ASCII.cr, lf + 3 <= end
        else {
            return .failure(HTTPParseError(.invalidLineEnding))
        }
        let lineEnd = lf - 1
        let line: RequestLine
        switch RequestLine.parse(buffer, bounds: start..<lineEnd) {
        case .success(let parsed): line = parsed
        case .failure(let error): return .failure(error)
        }
        guard let target = RequestTarget.parse(buffer.slice(line.target), line: line) else {
            return .failure(HTTPParseError(.invalidTarget))
        }
        var framing = RequestFraming()
        let fieldLines = lineEnd + 2..<end - 2
        if let error = FieldSection.check(buffer, lines: fieldLines, inspect: { framing.inspect($0, $1) }) {
            return .failure(error)
        }
        if framing.hostCount == 0, line.version == .http1_1 { return .failure(HTTPParseError(.missingHost)) }
        let decision: RequestFraming.Decision
        switch framing.decide(version: line.version, limits: limits) {
        case .success(let decided): decision = decided
        case .failure(let error): return .failure(error)
        }
        let storage = RequestHeadStorage.make(
            reusing: &spare, buffer: buffer, line: line, target: target, fieldLines: fieldLines, fieldCount: fieldCount)
        return .success(
            HTTPRequestHead(
                storage: storage,
                version: line.version,
                keepAlive: decision.keepAlive,
                expectContinue: decision.expectContinue,
                framing: decision.framing
            )
        )
    }
}

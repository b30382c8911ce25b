/// Finds the end of a head or trailer section — lines ending in CRLF up to an empty line —
/// in a buffer that the caller keeps and extends between calls, resuming where the previous
/// call stopped so that a byte-by-byte arrival costs linear, not quadratic, time.
///
/// It checks what can be checked on raw lines — CRLF endings and the size limits — at
/// fixed byte positions, so the outcome does not depend on how the input was split.
struct FieldSectionScan: Hashable, Sendable {
    /// The outcome of a scan.
    enum Outcome {
        /// No empty line yet; call again with the same bytes plus more.
        case incomplete
        /// The section ends just before this offset; it holds `fieldCount` field lines.
        case complete(end: Int, fieldCount: Int)
        /// The section is malformed or over a limit.
        case failed(HTTPParseError.Code)
    }

    /// Offset of the first byte of the line not yet terminated.
    private var lineStart = 0
    /// Offset up to which that line is known to hold no LF, so a long line arriving in
    /// small pieces is searched once.
    private var searched = 0
    /// Non-empty lines completed so far: the request line (heads only) and field lines.
    private var lines: Int

    /// A scan of a request head: empty lines before the request line are skipped.
    static var head: FieldSectionScan { FieldSectionScan(lines: 0) }
    /// A scan of a trailer section: there is no start line, so an empty line ends it at once.
    static var trailers: FieldSectionScan { FieldSectionScan(lines: 1) }

    private init(lines: Int) {
        self.lines = lines
    }

    /// Whether nothing was scanned yet (a head's first call).
    var isFresh: Bool { lineStart == 0 && searched == 0 && lines == 0 }

    /// Scans `buffer`, which starts at the first byte of the section.
    mutating func scan(_ buffer: UnsafeRawBufferPointer, limits: HTTPParserLimits) -> Outcome {
        let count = buffer.count
        while true {
            let start = lineStart
            // The first offset this line may not reach, and what reaching it means.
            var limit = limits.maxHeaderBytes
            var limitCode = HTTPParseError.Code.headerSectionTooLarge
            if lines == 0, limits.maxRequestLineLength <= limit - start {
                limit = start + limits.maxRequestLineLength
                limitCode = .requestLineTooLong
            }
            // A request starts with a method (a token) or an empty line; anything else —
            // a TLS handshake, binary noise — is rejected at once instead of at the limit.
            if lines == 0, start < min(count, limit), buffer[start] != ASCII.cr, !ASCII.isTokenChar(buffer[start]) {
                return .failed(.invalidMethod)
            }
            let searchEnd = min(count, limit)
            guard let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: max(start, searched), to: searchEnd) else {
                searched = searchEnd
                return count > limit ? .failed(limitCode) : .incomplete
            }
            guard lf > start, buffer[lf - 1] == ASCII.cr else { return .failed(.invalidLineEnding) }
            lineStart = lf + 1
            if lf - start == 1 {
                // An empty line: before the request line it is ignored (RFC 9112 §2.2).
                if lines == 0 { continue }
                return .complete(end: lf + 1, fieldCount: lines - 1)
            }
            if lines > limits.maxHeaderCount { return .failed(.tooManyHeaders) }
            lines += 1
        }
    }
}

import HTTPTypes

/// Parses the trailer section of a chunked body (RFC 9112 §7.1.2). Fields that would
/// change framing or routing (Content-Length, Transfer-Encoding, Host) are rejected
/// rather than silently dropped, since a peer sending them is confused or hostile.
enum TrailerSection {
    /// Parses `section[0..<end]`, whose last line is the empty line; nil when it has no fields.
    static func parse(_ section: UnsafeRawBufferPointer, end: Int, fieldCount: Int) -> Result<HTTPFields?, HTTPParseError> {
        guard fieldCount > 0 else { return .success(nil) }
        let lines = 0..<end - 2
        let error = FieldSection.check(section, lines: lines) { role, _ in
            switch role {
            case .contentLength, .transferEncoding, .host: .reject(.invalidTrailer)
            case .connection, .expect, .other: .keep
            }
        }
        if let error { return .failure(error) }
        return .success(FieldSection.build(section, lines: lines, fieldCount: fieldCount, omittingHost: false).fields)
    }
}

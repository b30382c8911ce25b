import HTTPTypes

/// Parses the trailer section of a chunked body (RFC 9112 §7.1.2). Fields that would
/// change framing or routing (Content-Length, Transfer-Encoding, Host) are rejected
/// rather than silently dropped, since a peer sending them is confused or hostile.
enum TrailerSection {
    /// Parses `section[0..<end]`, whose last line is the empty line; nil when it has no fields.
    static func parse(_ section: UnsafeRawBufferPointer, end: Int, fieldCount: Int) -> Result<HTTPFields?, HTTPParseError> {
        guard fieldCount > 0 else { return .success(nil) }
        let parsed = FieldSection.parse(section, lines: 0..<end - 2, fieldCount: fieldCount) { role, _ in
            switch role {
            case .contentLength, .transferEncoding, .host: .reject(.invalidTrailer)
            case .connection, .expect, .other: .keep
            }
        }
        return parsed.map { $0 }
    }
}

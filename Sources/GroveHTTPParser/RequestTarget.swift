/// A request-target split into the pseudo header fields of `HTTPRequest` (RFC 9112 §3.2).
struct RequestTarget {
    var scheme: String?
    var authority: String?
    var path: String?

    /// Interprets `bytes` (already checked to be visible ASCII) for the request `line`:
    /// origin-form (`/path?query`), asterisk-form (`*`, OPTIONS only), authority-form
    /// (`host:port`, CONNECT only) or absolute-form (`http://` or `https://` URIs only).
    static func parse(_ bytes: UnsafeRawBufferPointer, line: RequestLine) -> RequestTarget? {
        if line.isConnect {
            guard isAuthority(bytes), !bytes.isEmpty else { return nil }
            return RequestTarget(scheme: nil, authority: ASCII.string(bytes), path: nil)
        }
        switch bytes[0] {
        case ASCII.slash:
            return RequestTarget(scheme: nil, authority: nil, path: ASCII.string(bytes))
        case ASCII.asterisk where bytes.count == 1:
            return line.isOptions ? RequestTarget(scheme: nil, authority: nil, path: "*") : nil
        default:
            return parseAbsolute(bytes, isOptions: line.isOptions)
        }
    }

    /// `http://authority[/path][?query]`, scheme case-insensitive; userinfo is rejected.
    private static func parseAbsolute(_ bytes: UnsafeRawBufferPointer, isOptions: Bool) -> RequestTarget? {
        let scheme: String
        let authorityStart: Int
        if ASCII.hasLowercasePrefix(bytes, "http://") {
            (scheme, authorityStart) = ("http", 7)
        } else if ASCII.hasLowercasePrefix(bytes, "https://") {
            (scheme, authorityStart) = ("https", 8)
        } else {
            return nil
        }
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, bytes[authorityEnd] != ASCII.slash, bytes[authorityEnd] != ASCII.question {
            authorityEnd += 1
        }
        let authority = bytes.slice(authorityStart..<authorityEnd)
        guard !authority.isEmpty, isAuthority(authority) else { return nil }
        let rest = bytes.slice(authorityEnd..<bytes.count)
        let path: String
        if rest.isEmpty {
            path = isOptions ? "*" : "/"
        } else if rest[0] == ASCII.question {
            path = "/" + ASCII.string(rest)
        } else {
            path = ASCII.string(rest)
        }
        return RequestTarget(scheme: scheme, authority: ASCII.string(authority), path: path)
    }

    /// Whether every byte may appear in an authority (no userinfo, no whitespace).
    static func isAuthority(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy(ASCII.isHostChar)
    }

}

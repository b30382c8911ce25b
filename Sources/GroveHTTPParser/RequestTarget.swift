/// A request-target split into the pseudo header fields of `HTTPRequest` (RFC 9112 §3.2),
/// as offsets into the target's bytes: nothing is allocated until someone asks for a string.
struct RequestTarget {
    /// The scheme of an absolute-form target.
    enum Scheme: UInt8 {
        case none, http, https

        /// The scheme's name, nil for `.none`.
        var name: String? {
            switch self {
            case .none: nil
            case .http: "http"
            case .https: "https"
            }
        }
    }

    /// `HTTPRequest.path`, in terms of the target's bytes.
    enum Path {
        /// No path (CONNECT's authority-form).
        case none
        /// These bytes of the target.
        case bytes(Range<Int>)
        /// `"*"` (asterisk-form, or an absolute-form OPTIONS without a path).
        case asterisk
        /// `"/"` (an absolute-form target without a path).
        case slash
        /// `"/"` followed by these bytes of the target (an absolute-form `?query` without a path).
        case slashThen(Range<Int>)

        /// How many bytes the path has, or nil for `.none`.
        var count: Int? {
            switch self {
            case .none: nil
            case .bytes(let range): range.count
            case .asterisk, .slash: 1
            case .slashThen(let range): 1 + range.count
            }
        }
    }

    var scheme: Scheme
    /// The authority's bytes in the target (authority- and absolute-form).
    var authority: Range<Int>?
    var path: Path

    /// Interprets `bytes` (already checked to be visible ASCII) for the request `line`:
    /// origin-form (`/path?query`), asterisk-form (`*`, OPTIONS only), authority-form
    /// (`host:port`, CONNECT only) or absolute-form (`http://` or `https://` URIs only).
    static func parse(_ bytes: UnsafeRawBufferPointer, line: RequestLine) -> RequestTarget? {
        if line.isConnect {
            guard isAuthority(bytes), !bytes.isEmpty else { return nil }
            return RequestTarget(scheme: .none, authority: 0..<bytes.count, path: .none)
        }
        switch bytes[0] {
        case ASCII.slash:
            return RequestTarget(scheme: .none, authority: nil, path: .bytes(0..<bytes.count))
        case ASCII.asterisk where bytes.count == 1:
            return line.isOptions ? RequestTarget(scheme: .none, authority: nil, path: .asterisk) : nil
        default:
            return parseAbsolute(bytes, isOptions: line.isOptions)
        }
    }

    /// `http://authority[/path][?query]`, scheme case-insensitive; userinfo is rejected.
    private static func parseAbsolute(_ bytes: UnsafeRawBufferPointer, isOptions: Bool) -> RequestTarget? {
        let scheme: Scheme
        let authorityStart: Int
        if ASCII.hasLowercasePrefix(bytes, "http://") {
            (scheme, authorityStart) = (.http, 7)
        } else if ASCII.hasLowercasePrefix(bytes, "https://") {
            (scheme, authorityStart) = (.https, 8)
        } else {
            return nil
        }
        var authorityEnd = authorityStart
        while authorityEnd < bytes.count, bytes[authorityEnd] != ASCII.slash, bytes[authorityEnd] != ASCII.question {
            authorityEnd += 1
        }
        let authority = authorityStart..<authorityEnd
        guard !authority.isEmpty, isAuthority(bytes.slice(authority)) else { return nil }
        let rest = authorityEnd..<bytes.count
        let path: Path
        if rest.isEmpty {
            path = isOptions ? .asterisk : .slash
        } else if bytes[authorityEnd] == ASCII.question {
            path = .slashThen(rest)
        } else {
            path = .bytes(rest)
        }
        return RequestTarget(scheme: scheme, authority: authority, path: path)
    }

    /// Whether every byte may appear in an authority (no userinfo, no whitespace).
    static func isAuthority(_ bytes: UnsafeRawBufferPointer) -> Bool {
        ASCII.allHostChars(bytes)
    }
}

import HTTPTypes

/// What a field means to the parser itself.
enum FieldRole {
    case host, contentLength, transferEncoding, connection, expect, other
}

/// Resolves the field names a typical request carries to the static `HTTPField.Name`
/// values of swift-http-types, so that they cost no string allocation or validation.
/// Matching is case-insensitive; a matched name takes the canonical spelling ("Host").
enum KnownFieldName {
    /// swift-http-types hides its `.host` in favour of `HTTPRequest.authority`; the parser
    /// moves Host there too, but still needs a name while checking the field.
    private static let host = HTTPField.Name("Host")!

    /// The role of the field named `bytes` (a validated token): only five names matter to
    /// the parser, and finding them needs no `HTTPField.Name`.
    static func role(of bytes: UnsafeRawBufferPointer) -> FieldRole {
        switch bytes.count {
        case 4 where ASCII.equalsLowercase(bytes, "host"): .host
        case 6 where ASCII.equalsLowercase(bytes, "expect"): .expect
        case 10 where ASCII.equalsLowercase(bytes, "connection"): .connection
        case 14 where ASCII.equalsLowercase(bytes, "content-length"): .contentLength
        case 17 where ASCII.equalsLowercase(bytes, "transfer-encoding"): .transferEncoding
        default: .other
        }
    }

    /// The name and role for `bytes` (a validated token), or nil for a less common name.
    static func resolve(_ bytes: UnsafeRawBufferPointer) -> (HTTPField.Name, FieldRole)? {
        switch bytes.count {
        case 4:
            if ASCII.equalsLowercase(bytes, "host") { return (host, .host) }
            if ASCII.equalsLowercase(bytes, "date") { return (.date, .other) }
        case 6:
            if ASCII.equalsLowercase(bytes, "accept") { return (.accept, .other) }
            if ASCII.equalsLowercase(bytes, "cookie") { return (.cookie, .other) }
            if ASCII.equalsLowercase(bytes, "expect") { return (.expect, .expect) }
            if ASCII.equalsLowercase(bytes, "origin") { return (.origin, .other) }
        case 7:
            if ASCII.equalsLowercase(bytes, "referer") { return (.referer, .other) }
            if ASCII.equalsLowercase(bytes, "upgrade") { return (.upgrade, .other) }
        case 10:
            if ASCII.equalsLowercase(bytes, "connection") { return (.connection, .connection) }
            if ASCII.equalsLowercase(bytes, "user-agent") { return (.userAgent, .other) }
        case 12:
            if ASCII.equalsLowercase(bytes, "content-type") { return (.contentType, .other) }
        case 13:
            if ASCII.equalsLowercase(bytes, "authorization") { return (.authorization, .other) }
            if ASCII.equalsLowercase(bytes, "cache-control") { return (.cacheControl, .other) }
        case 14:
            if ASCII.equalsLowercase(bytes, "content-length") { return (.contentLength, .contentLength) }
        case 15:
            if ASCII.equalsLowercase(bytes, "accept-encoding") { return (.acceptEncoding, .other) }
            if ASCII.equalsLowercase(bytes, "accept-language") { return (.acceptLanguage, .other) }
        case 17:
            if ASCII.equalsLowercase(bytes, "transfer-encoding") {
                return (.transferEncoding, .transferEncoding)
            }
        default:
            break
        }
        return nil
    }
}

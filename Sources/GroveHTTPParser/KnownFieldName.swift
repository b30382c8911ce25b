import HTTPTypes

/// What a field means to the parser itself.
enum FieldRole {
    case host, contentLength, transferEncoding, connection, expect, other
}

/// What field names mean to the parser (``role(of:)``), and the static `HTTPField.Name`
/// values of swift-http-types for the names a typical request carries (``resolve(_:)``), so
/// that they cost no string allocation or validation. Matching is case-insensitive; a
/// matched name takes the canonical spelling ("Content-Type").
enum KnownFieldName {
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

    /// The name for `bytes` (a validated token), or nil for a less common name. Host has none:
    /// the parser moves it to `HTTPRequest.authority`, as swift-http-types expects.
    static func resolve(_ bytes: UnsafeRawBufferPointer) -> HTTPField.Name? {
        switch bytes.count {
        case 4:
            if ASCII.equalsLowercase(bytes, "date") { return .date }
        case 6:
            if ASCII.equalsLowercase(bytes, "accept") { return .accept }
            if ASCII.equalsLowercase(bytes, "cookie") { return .cookie }
            if ASCII.equalsLowercase(bytes, "expect") { return .expect }
            if ASCII.equalsLowercase(bytes, "origin") { return .origin }
        case 7:
            if ASCII.equalsLowercase(bytes, "referer") { return .referer }
            if ASCII.equalsLowercase(bytes, "upgrade") { return .upgrade }
        case 10:
            if ASCII.equalsLowercase(bytes, "connection") { return .connection }
            if ASCII.equalsLowercase(bytes, "user-agent") { return .userAgent }
        case 12:
            if ASCII.equalsLowercase(bytes, "content-type") { return .contentType }
        case 13:
            if ASCII.equalsLowercase(bytes, "authorization") { return .authorization }
            if ASCII.equalsLowercase(bytes, "cache-control") { return .cacheControl }
        case 14:
            if ASCII.equalsLowercase(bytes, "content-length") { return .contentLength }
        case 15:
            if ASCII.equalsLowercase(bytes, "accept-encoding") { return .acceptEncoding }
            if ASCII.equalsLowercase(bytes, "accept-language") { return .acceptLanguage }
        case 17:
            if ASCII.equalsLowercase(bytes, "transfer-encoding") { return .transferEncoding }
        default:
            break
        }
        return nil
    }
}

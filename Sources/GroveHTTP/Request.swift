import GroveHTTPParser
import HTTPTypes

/// A request as a handler sees it.
public struct Request: Sendable {
    /// The parsed head, whose `HTTPRequest` is built when first read.
    let parsedHead: HTTPRequestHead
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion { parsedHead.version }
    /// Where the path and the query lie in the target; nil for an answer the server gives
    /// itself, which has neither.
    let bounds: RequestPathBounds?
    /// The path below the application's mount point, without the query (`/users/42`).
    public var path: Substring {
        guard let bounds, let target = parsedHead.path else { return "" }
        return bounds.path(in: target)
    }
    /// The query string after `?`, if any (not decoded).
    public var query: Substring? {
        guard let bounds, let target = parsedHead.path else { return nil }
        return bounds.query(in: target)
    }
    /// Parameters bound by the route pattern (`:id` → `"42"`).
    public let parameters: [String: String]
    /// The body, read as it arrives.
    public let body: RequestBody
    /// The scopes of the application that answers the request (nil for server-level errors).
    /// A handler spawns work that outlives the request into `application.background`.
    public let application: ApplicationScopes?

    /// Method, target, authority and header fields (swift-http-types). The first read builds
    /// it from the request's bytes; later reads share it.
    public var head: HTTPRequest { parsedHead.request }
    /// The method (without building ``head``).
    public var method: HTTPRequest.Method { parsedHead.method }
    /// The header fields.
    public var headerFields: HTTPFields { head.headerFields }

    /// The first value of query parameter `name` (`?ms=10` → `"10"`), percent-decoded.
    public func query(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts[0] == name {
                return parts.count > 1 ? percentDecoded(parts[1]) : ""
            }
        }
        return nil
    }

    /// The query parameter `name` as an integer, if present and valid.
    public func query(_ name: String, as type: Int.Type) -> Int? {
        query(name).flatMap { Int($0) }
    }
}

/// Decodes `%XX` escapes and `+` (as a space); invalid escapes are kept as they are.
func percentDecoded(_ text: Substring) -> String {
    guard text.contains(where: { $0 == "%" || $0 == "+" }) else { return String(text) }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.popFirst() {
        if byte == UInt8(ascii: "+") {
            bytes.append(32)
        } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                  let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1]) {
            bytes.append(high << 4 | low)
            utf8 = utf8.dropFirst(2)
        } else {
            bytes.append(byte)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 48...57: byte - 48
    case 65...70: byte - 55
    case 97...102: byte - 87
    default: nil
    }
}

/// A path pattern of a route: literal segments, `:name` parameters and a trailing `*`.
///
/// `/users/:id/posts` matches `/users/42/posts` with `id = "42"`; `/static/*` matches any path
/// below `/static/` and puts the rest in the parameter `*`.
public struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    /// One segment of a pattern.
    public enum Segment: Sendable, Hashable {
        /// Matches exactly this text.
        case literal(String)
        /// Matches any one non-empty segment and binds it to the name.
        case parameter(String)
        /// Matches the rest of the path (zero or more segments); must be last.
        case catchAll
    }

    /// The segments, in order.
    public let segments: [Segment]

    /// Parses `"/users/:id"`. Empty segments are ignored, so `"/a//b/"` is `"/a/b"`.
    public init(_ pattern: String) {
        var segments: [Segment] = []
        for part in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "*" {
                segments.append(.catchAll)
                break
            } else if part.hasPrefix(":"), part.count > 1 {
                segments.append(.parameter(String(part.dropFirst())))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
    }

    /// The pattern as written, normalised: `"/users/:id"`.
    public var description: String {
        "/" + segments.map { segment in
            switch segment {
            case .literal(let text): text
            case .parameter(let name): ":\(name)"
            case .catchAll: "*"
            }
        }.joined(separator: "/")
    }

    /// Matches a path without its query (`/users/42`); returns the bound parameters, or nil
    /// when the path does not match.
    public func match(_ path: Substring) -> [String: String]? {
        withUTF8Bytes(of: path) { match(bytes: $0) }
    }

    /// ``match(_:)`` over the path's bytes, which routing reads from the request in place.
    func match(bytes path: UnsafeRawBufferPointer) -> [String: String]? {
        var parameters = [String: String]()
        var segments = PathSegments(path)
        for segment in self.segments {
            switch segment {
            case .catchAll:
                parameters["*"] = segments.rest()
                return parameters
            case .literal(let text):
                guard let next = segments.next(), next.equals(text) else { return nil }
            case .parameter(let name):
                guard let next = segments.next() else { return nil }
                parameters[name] = String(decoding: next, as: UTF8.self)
            }
        }
        return segments.next() == nil ? parameters : nil
    }
}

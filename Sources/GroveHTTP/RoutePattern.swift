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

    /// Matches path segments; returns the bound parameters, or nil when the path does not match.
    public func match(_ path: [Substring]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var index = 0
        for segment in segments {
            switch segment {
            case .catchAll:
                parameters["*"] = path[index...].joined(separator: "/")
                return parameters
            case .literal(let text):
                guard index < path.count, path[index].utf8.elementsEqual(text.utf8) else { return nil }
            case .parameter(let name):
                guard index < path.count, !path[index].isEmpty else { return nil }
                parameters[name] = String(path[index])
            }
            index += 1
        }
        return index == path.count ? parameters : nil
    }
}

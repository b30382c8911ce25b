/// Where, in a request's target, the path below its application's mount point and the query
/// lie, as byte offsets: routing finds them on the target's bytes, and ``Request/path`` and
/// ``Request/query`` make substrings of them only when a handler reads them.
struct RequestPathBounds: Sendable {
    /// The first byte of the path below the mount point (the length of the mount prefix).
    let pathStart: Int
    /// Where the path ends: at the `?`, or at the end of the target.
    let pathEnd: Int
    /// Whether a query (possibly empty) follows the `?` at `pathEnd`.
    let hasQuery: Bool

    /// The path below the mount point in `target`; `/` when the target is the mount point itself.
    func path(in target: String) -> Substring {
        if pathStart == pathEnd { return "/" }
        let utf8 = target.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: pathStart)
        return target[start..<utf8.index(start, offsetBy: pathEnd - pathStart)]
    }

    /// The query after the `?` in `target`, if there is one.
    func query(in target: String) -> Substring? {
        guard hasQuery else { return nil }
        let utf8 = target.utf8
        return target[utf8.index(utf8.startIndex, offsetBy: pathEnd + 1)...]
    }
}

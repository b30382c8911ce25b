/// Iterates the elements of a comma-separated field value (RFC 9110 §5.6.1), each with
/// surrounding OWS removed; empty elements are skipped as the RFC requires.
enum FieldList {
    /// Calls `body` with each non-empty element; stops early when it returns false.
    /// Returns false if `body` did.
    @inline(__always)
    static func forEachElement(
        _ value: UnsafeRawBufferPointer,
        _ body: (UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var start = 0
        while start <= value.count {
            let comma = ASCII.firstIndex(of: ASCII.comma, in: value, from: start, to: value.count) ?? value.count
            var lower = start
            var upper = comma
            while lower < upper, ASCII.isWhitespace(value[lower]) { lower += 1 }
            while upper > lower, ASCII.isWhitespace(value[upper - 1]) { upper -= 1 }
            if lower < upper, !body(value.slice(lower..<upper)) { return false }
            start = comma + 1
        }
        return true
    }
}

import HTTPTypes

/// What one call of ``HTTPRequestParser/parse(_:)`` found.
public enum HTTPParserEvent: Hashable, Sendable {
    /// The input holds no complete event: keep the unconsumed bytes, read more, call again.
    case needMore
    /// A complete request head; body events (if any) and ``end(_:)`` follow.
    case head(HTTPRequestHead)
    /// Body bytes: this range of the buffer passed to the call, never empty. They are
    /// counted in ``HTTPParseResult/consumed``; use them before dropping consumed bytes.
    case body(Range<Int>)
    /// The request is complete, with the trailer fields of a chunked body if it had any.
    /// The next call parses the next (pipelined) request.
    case end(HTTPFields?)
    /// The request is malformed; answer ``HTTPParseError/status`` and close. Every later
    /// call returns the same error.
    case error(HTTPParseError)
}

/// The outcome of one parse call: an event and how many input bytes it consumed.
public struct HTTPParseResult: Hashable, Sendable {
    /// What was found.
    public var event: HTTPParserEvent
    /// How many bytes from the start of the input the caller must drop before the next call.
    /// May be non-zero with ``HTTPParserEvent/needMore`` (chunk framing already decoded).
    public var consumed: Int

    /// Creates a result.
    public init(_ event: HTTPParserEvent, consumed: Int) {
        self.event = event
        self.consumed = consumed
    }
}

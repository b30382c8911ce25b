/// A strict, incremental HTTP/1.1 and HTTP/1.0 request parser that works in place over the
/// connection's read buffer.
///
/// Call ``parse(_:)`` with the received-but-unconsumed bytes; it returns one event and how
/// many bytes it consumed. Drop the consumed bytes (after using any body range), then call
/// again — with the remaining bytes, plus newly read ones after ``HTTPParserEvent/needMore``:
///
/// ```swift
/// var parser = HTTPRequestParser()
/// let result = buffer.withUnsafeBytes { parser.parse($0) }
/// // handle result.event; buffer.removeFirst(result.consumed)
/// ```
///
/// Events of one request come in order: ``HTTPParserEvent/head(_:)``, zero or more
/// ``HTTPParserEvent/body(_:)``, ``HTTPParserEvent/end(_:)``; then the next pipelined
/// request starts. While a head (or a trailer section) is incomplete the parser consumes
/// nothing: the caller keeps those bytes, which ``HTTPParserLimits/maxHeaderBytes`` bounds.
/// Body data is never held back. Input may be split at any byte: the events are the same.
/// After ``HTTPParserEvent/error(_:)`` the parser returns that error forever.
///
/// The parser does not switch protocols: after a successful CONNECT or an accepted
/// `Upgrade`, the bytes after the head belong to the new protocol and the caller stops
/// parsing. It also keeps parsing after a request whose head says `keepAlive == false`;
/// closing is the caller's decision.
public struct HTTPRequestParser: Sendable {
    /// The limits this parser enforces.
    public let limits: HTTPParserLimits

    /// Where in the message stream the parser stands.
    private enum State: Sendable {
        /// Reading a head; the scan remembers how far it got in the kept bytes.
        case head(FieldSectionScan)
        /// Reading a Content-Length body; this many bytes remain.
        case fixedBody(remaining: Int)
        /// Reading a chunked body.
        case chunkedBody(ChunkedBodyDecoder)
        /// Reading the trailer section after the last chunk.
        case trailers(FieldSectionScan)
        /// The message is complete; the next call reports its end.
        case complete
        /// The input was malformed; terminal.
        case failed(HTTPParseError)
    }

    private var state = State.head(.head)

    /// The storage of the last head, which the next head reuses when nobody holds it any more.
    /// Copies of a parser share it, and reuse only what no copy and no head still references.
    nonisolated(unsafe) private var spareHead: RequestHeadStorage?

    /// Whether a whole head that arrived at once is tried with ``FastHeadParser`` first (tests
    /// turn it off to compare both paths).
    var usesFastPath = true

    /// Creates a parser waiting for a request head.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// Parses from the start of `input` until one event can be reported.
    ///
    /// - Parameter input: The unconsumed bytes, starting where the previous call's consumed
    ///   bytes ended. After ``HTTPParserEvent/needMore`` pass them again with more appended.
    /// - Returns: The event and the number of bytes consumed from the start of `input`.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> HTTPParseResult {
        switch state {
        case .head(var scan):
            if usesFastPath, scan.isFresh,
                let (head, end) = FastHeadParser.parse(input, limits: limits, reusing: &spareHead)
            {
                state = .complete
                return HTTPParseResult(.head(head), consumed: end)
            }
            switch scan.scan(input, limits: limits) {
            case .incomplete:
                state = .head(scan)
                return HTTPParseResult(.needMore, consumed: 0)
            case .failed(let code):
                return fail(HTTPParseError(code))
            case .complete(let end, let fieldCount):
                return startBody(input, end: end, fieldCount: fieldCount)
            }
        case .fixedBody(let remaining):
            guard !input.isEmpty else { return HTTPParseResult(.needMore, consumed: 0) }
            let length = min(remaining, input.count)
            state = remaining == length ? .complete : .fixedBody(remaining: remaining - length)
            return HTTPParseResult(.body(0..<length), consumed: length)
        case .chunkedBody(var decoder):
            switch decoder.decode(input, limits: limits) {
            case .data(let range):
                state = .chunkedBody(decoder)
                return HTTPParseResult(.body(range), consumed: range.upperBound)
            case .needMore:
                state = .chunkedBody(decoder)
                return HTTPParseResult(.needMore, consumed: input.count)
            case .failed(let code):
                return fail(HTTPParseError(code))
            case .lastChunk(let end):
                return readTrailers(input.slice(end..<input.count), scan: .trailers, offset: end)
            }
        case .trailers(let scan):
            return readTrailers(input, scan: scan, offset: 0)
        case .complete:
            state = .head(.head)
            return HTTPParseResult(.end(nil), consumed: 0)
        case .failed(let error):
            return HTTPParseResult(.error(error), consumed: 0)
        }
    }

    /// Takes the end of a message that has no body (its ``HTTPParserEvent/end(_:)`` event)
    /// without parsing: true when the message was complete, and the parser then waits for the
    /// next head; false (nothing changes) when a body or a trailer section is still to come.
    public mutating func finishBodilessMessage() -> Bool {
        guard case .complete = state else { return false }
        state = .head(.head)
        return true
    }

    /// Whether the parser is reading a head: then an empty input can only be
    /// ``HTTPParserEvent/needMore``, and a caller with no bytes may skip the call.
    public var isReadingHead: Bool {
        if case .head = state { return true }
        return false
    }

    /// Parses the scanned head `input[0..<end]` and enters the body state it announces.
    private mutating func startBody(_ input: UnsafeRawBufferPointer, end: Int, fieldCount: Int) -> HTTPParseResult {
        switch RequestHeadParser.parse(
            input, end: end, fieldCount: fieldCount, limits: limits, reusing: &spareHead) {
        case .failure(let error):
            return fail(error)
        case .success(let head):
            switch head.framing {
            case .none, .contentLength(0): state = .complete
            case .contentLength(let length): state = .fixedBody(remaining: length)
            case .chunked: state = .chunkedBody(ChunkedBodyDecoder())
            }
            return HTTPParseResult(.head(head), consumed: end)
        }
    }

    /// Scans the trailer section that starts `offset` bytes into the caller's input.
    private mutating func readTrailers(
        _ section: UnsafeRawBufferPointer,
        scan: FieldSectionScan,
        offset: Int
    ) -> HTTPParseResult {
        var scan = scan
        switch scan.scan(section, limits: limits) {
        case .incomplete:
            state = .trailers(scan)
            return HTTPParseResult(.needMore, consumed: offset)
        case .failed(let code):
            return fail(HTTPParseError(code))
        case .complete(let end, let fieldCount):
            switch TrailerSection.parse(section, end: end, fieldCount: fieldCount) {
            case .failure(let error):
                return fail(error)
            case .success(let trailers):
                state = .head(.head)
                return HTTPParseResult(.end(trailers), consumed: offset + end)
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError) -> HTTPParseResult {
        state = .failed(error)
        return HTTPParseResult(.error(error), consumed: 0)
    }
}

/// Where a request body comes from: the connection that received the request.
protocol RequestBodySource: AnyObject, Sendable {
    /// The next piece of the body of request number `sequence`, nil at its end.
    func nextBodyChunk(of sequence: Int) async throws -> [UInt8]?
}

/// The body of a ``Request``, read from the connection as it arrives.
///
/// Iterate it for pieces as they come (the connection reads no more from the socket than the
/// handler consumes: backpressure to the client), or ``collect(upTo:)`` it. A body can be read
/// once, during the handler; what the handler leaves unread is discarded by the server.
public struct RequestBody: AsyncSequence, Sendable {
    /// A piece of the body.
    public typealias Element = [UInt8]

    private let source: (any RequestBodySource)?
    private let sequence: Int
    /// The announced length (`Content-Length`), nil for a chunked body.
    public let expectedLength: Int?

    init(source: (any RequestBodySource)?, sequence: Int, expectedLength: Int?) {
        self.source = source
        self.sequence = sequence
        self.expectedLength = expectedLength
    }

    /// A body with no bytes (computed: a stored static would be copied out of a lazily
    /// initialized global for every request without a body).
    public static var empty: RequestBody { RequestBody(source: nil, sequence: 0, expectedLength: 0) }

    /// Reads the whole body; throws ``HTTPError`` 413 when it is longer than `limit`.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        if let expectedLength, expectedLength > limit {
            throw HTTPError(.contentTooLarge, "body of \(expectedLength) bytes exceeds \(limit)")
        }
        var bytes: [UInt8] = []
        if let expectedLength { bytes.reserveCapacity(expectedLength) }
        for try await piece in self {
            guard bytes.count + piece.count <= limit else {
                throw HTTPError(.contentTooLarge, "body exceeds \(limit) bytes")
            }
            bytes += piece
        }
        return bytes
    }

    /// The iterator over the pieces of the body.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let source: (any RequestBodySource)?
        let sequence: Int

        /// The next piece, nil at the end of the body.
        public mutating func next() async throws -> [UInt8]? {
            guard let source else { return nil }
            return try await source.nextBodyChunk(of: sequence)
        }
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: source, sequence: sequence)
    }
}

/// Writes the body of a streamed response: as HTTP/1.1 chunks, or raw for an HTTP/1.0 client
/// (whose response then ends when the connection closes).
public final class ResponseBodyWriter: @unchecked Sendable {
    private let sink: ([UInt8]) async throws -> Void
    private let suppressBody: Bool
    private let chunked: Bool
    private var scratch: [UInt8] = []

    init(suppressBody: Bool, chunked: Bool, write: @escaping ([UInt8]) async throws -> Void) {
        self.suppressBody = suppressBody
        self.chunked = chunked
        self.sink = write
    }

    /// Sends `bytes` (as one chunk); returns once the kernel took them (backpressure).
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty, !suppressBody else { return }
        guard chunked else { return try await sink(bytes) }
        scratch.removeAll(keepingCapacity: true)
        appendHex(bytes.count, to: &scratch)
        scratch += [13, 10]
        scratch += bytes
        scratch += [13, 10]
        try await sink(scratch)
    }

    /// Sends the UTF-8 bytes of `text` as one chunk.
    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// The terminating zero-length chunk (sent by the server after the writer returns).
    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
}

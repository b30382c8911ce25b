import Foundation
import GroveLoop

/// A raw HTTP client over a real socket, on a loop of its own: sends exactly the bytes a test
/// gives and reads responses with the test-only ``RawResponseReader``.
final class TestClient: @unchecked Sendable {
    let connection: TCPConnection
    private var reader = RawResponseReader()
    private(set) var sawEOF = false

    private init(connection: TCPConnection) { self.connection = connection }

    /// Connects to 127.0.0.1:`port` (call on `loop`).
    static func connect(loop: EventLoop, port: Int) async throws -> TestClient {
        TestClient(connection: try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: port))
    }

    func send(_ text: String) async throws {
        try await connection.write(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) async throws {
        try await connection.write(bytes)
    }

    /// Reads the next response; nil when the server closed the connection first.
    func response(headRequest: Bool = false) async throws -> RawResponse? {
        while true {
            switch reader.next(eof: sawEOF, headRequest: headRequest) {
            case .response(let response): return response
            case .malformed(let why):
                if sawEOF, reader.buffer.isEmpty { return nil }
                throw ClientError.malformed(why)
            case .needMore:
                if sawEOF { return nil }
                if let bytes = try await readSome() { reader.buffer += bytes } else { sawEOF = true }
            }
        }
    }

    /// Sends each request in turn and reads its response; the responses read (fewer when the
    /// server closed the connection first).
    func responses(to requests: [String]) async throws -> [RawResponse] {
        var responses: [RawResponse] = []
        for request in requests {
            try await send(request)
            if let response = try await response() { responses.append(response) }
        }
        return responses
    }

    /// True when the server closes the connection (EOF or reset) with no further response bytes
    /// within `limit`; false when bytes arrive or the connection is still open after `limit`.
    func closedByServer(within limit: Duration = .seconds(5)) async throws -> Bool {
        if !reader.buffer.isEmpty { return false }
        do {
            return try await connection.loop.clock.withTimeout(limit) { try await self.readSome() == nil }
        } catch let error as LoopError where error.isTimeout {
            return false
        }
    }

    /// Reads and drops whatever arrives until the server closes; false if it did not within `limit`.
    func discardUntilClosed(within limit: Duration = .seconds(5)) async throws -> Bool {
        do {
            return try await connection.loop.clock.withTimeout(limit) {
                while try await self.readSome() != nil {}
                return true
            }
        } catch let error as LoopError where error.isTimeout {
            return false
        }
    }

    private func readSome() async throws -> [UInt8]? {
        do {
            return try await connection.read()
        } catch let error as LoopError where error.isConnectionReset {
            return nil
        }
    }

    /// Sends EOF (half-close): the server may still answer.
    func shutdownWrite() async throws { try await connection.shutdownWrite() }

    func close() { connection.close() }

    enum ClientError: Error { case malformed(String) }
}

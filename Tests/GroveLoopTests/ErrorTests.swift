import GroveLoop
import Testing

@Suite("Errors")
struct ErrorTests {
    /// Runs `body` on a loop and returns the name of the ``LoopError`` it threw.
    func loopErrorName(_ body: @escaping @Sendable (EventLoop) async throws -> Void) async throws -> String? {
        try await withLoop { loop in
            do {
                try await body(loop)
                return nil
            } catch let error as LoopError {
                #expect(!error.operation.isEmpty)
                #expect(!error.message.isEmpty)
                return error.name
            }
        }
    }

    @Test("adopting a bad file descriptor throws LoopError")
    func badDescriptors() async throws {
        #expect(try await loopErrorName { _ = try TCPListener(loop: $0, adopting: -1) } == "EBADF")
        #expect(try await loopErrorName { _ = try TCPListener(loop: $0, adopting: 987_654) } == "EBADF")
        #expect(try await loopErrorName { _ = try PipeConnection(loop: $0, adopting: -1) } != nil)
    }

    @Test("bad addresses throw LoopError")
    func badAddresses() async throws {
        #expect(try await loopErrorName { _ = try TCPListener(loop: $0, host: "not-an-ip", port: 0) } == "EINVAL")
        #expect(try await loopErrorName { _ = try TCPListener(loop: $0, host: "127.0.0.1", port: 70_000) } == "EINVAL")
        #expect(try await loopErrorName { _ = try TCPListener(loop: $0, host: "192.0.2.1", port: 0) } == "EADDRNOTAVAIL")
        #expect(try await loopErrorName { _ = try await TCPConnection.connect(loop: $0, host: "999.1.1.1", port: 80) } == "EINVAL")
        #expect(try await loopErrorName { _ = try UnixListener(loop: $0, path: "/nonexistent-dir/grove.sock") } != nil)
    }

    @Test("connecting to a port nobody listens on throws ECONNREFUSED")
    func refused() async throws {
        let name = try await loopErrorName { loop in
            let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            let port = listener.localAddress.port!
            listener.close()
            try await loop.clock.sleep(for: .milliseconds(1))
            _ = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: port)
        }
        #expect(name == "ECONNREFUSED")
    }

    @Test("writing to a closed connection throws a closed error")
    func writeAfterClose() async throws {
        let closed = try await withLoop { loop -> Bool in
            let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            defer { listener.close() }
            let client = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: listener.localAddress.port!)
            client.close()
            do { try await client.write("x") } catch let error as LoopError { return error.isClosed }
            return false
        }
        #expect(closed)
    }

    @Test("writing to a connection its peer closed fails with the system's error (EPIPE or ECONNRESET), not a silent success")
    func writeAfterPeerClosed() async throws {
        let failure = try await within(.seconds(10), "writes to a closed peer") {
            try await withLoop { loop -> LoopError? in
                try await withConnectedPair(loop) { client, server -> LoopError? in
                    client.close()
                    // The first writes may still be taken (the peer answers them with a reset).
                    for _ in 0..<200 {
                        do {
                            try await server.write("x")
                        } catch let error as LoopError {
                            return error
                        }
                        try await loop.clock.sleep(for: .milliseconds(5))
                    }
                    return nil
                }
            }
        }
        let error = try #require(failure)
        #expect(["EPIPE", "ECONNRESET"].contains(error.name), "\(error)")
        #expect(error.operation == "write")
    }

    @Test("the error describes the operation, the name and the message")
    func description() {
        let error = LoopError(errno: 98, operation: "bind 127.0.0.1:80")
        #expect(error.name == "EADDRINUSE")
        #expect(error.description == "bind 127.0.0.1:80: EADDRINUSE (address already in use)")
    }
}

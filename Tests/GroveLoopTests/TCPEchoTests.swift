import GroveLoop
import Testing

@Suite("TCP echo")
struct TCPEchoTests {
    @Test("an echo server on port 0 serves 1,000 concurrent connections correctly")
    func thousandConcurrentConnections() async throws {
        raiseOpenFileLimit()
        try #require(openFileLimit() >= 2_200, "needs at least 2,200 open files")
        let server = try await EchoServer()
        let port = server.port
        let correct = try await within(.seconds(60), "1,000 echo clients") {
            try await withLoop { loop -> Int in
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for client in 0..<1_000 {
                        group.addTask {
                            let connection = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: port)
                            defer { connection.close() }
                            let message = Array("client \(client) says \(String(repeating: "x", count: client % 300))\n".utf8)
                            try await connection.write(message)
                            var echoed: [UInt8] = []
                            while echoed.count < message.count, let bytes = try await connection.read() {
                                echoed += bytes
                            }
                            return echoed == message
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
            }
        }
        await server.stop()
        #expect(correct == 1_000)
    }

    @Test("half-close: the server sees EOF, answers, and the client reads the answer then EOF")
    func halfClose() async throws {
        let (serverSaw, clientGot) = try await withLoop { loop -> (String, String) in
            let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            defer { listener.close() }
            async let served: String = {
                let connection = try await listener.accept()
                defer { connection.close() }
                var received: [UInt8] = []
                while let bytes = try await connection.read() { received += bytes }
                try await connection.write("bye")
                return String(decoding: received, as: UTF8.self)
            }()
            let client = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: listener.localAddress.port!)
            defer { client.close() }
            try await client.write("ping")
            try await client.shutdownWrite()
            var answer: [UInt8] = []
            while let bytes = try await client.read() { answer += bytes }
            return (try await served, String(decoding: answer, as: UTF8.self))
        }
        #expect(serverSaw == "ping")
        #expect(clientGot == "bye")
    }

    @Test("IPv6 loopback: bind, connect, addresses")
    func ipv6() async throws {
        let (peer, local, echoed) = try await withLoop { loop -> (SocketAddress, SocketAddress, String) in
            let listener = try TCPListener(loop: loop, host: "::1", port: 0)
            defer { listener.close() }
            async let accepted: SocketAddress = {
                let connection = try await listener.accept()
                defer { connection.close() }
                let bytes = try await connection.read() ?? []
                try await connection.write(bytes)
                return try connection.peerAddress()
            }()
            let client = try await TCPConnection.connect(loop: loop, host: "::1", port: listener.localAddress.port!)
            defer { client.close() }
            try client.setNoDelay()
            try await client.write("six")
            let bytes = try await client.read() ?? []
            return (try await accepted, try client.localAddress(), String(decoding: bytes, as: UTF8.self))
        }
        #expect(echoed == "six")
        #expect(peer == local)
        guard case .ipv6(let host, _) = peer else {
            Issue.record("peer address \(peer) is not IPv6")
            return
        }
        #expect(host == "::1")
    }

    @Test("SO_REUSEPORT lets two listeners bind one port; without it the second bind fails")
    func reusePort() async throws {
        let outcome = try await withLoop { loop -> (Bool, String?) in
            let first = try TCPListener(loop: loop, host: "127.0.0.1", port: 0, reusePort: true)
            defer { first.close() }
            let port = first.localAddress.port!
            let second = try TCPListener(loop: loop, host: "127.0.0.1", port: port, reusePort: true)
            second.close()
            let plain = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            defer { plain.close() }
            do {
                let clash = try TCPListener(loop: loop, host: "127.0.0.1", port: plain.localAddress.port!)
                clash.close()
                return (true, nil)
            } catch let error as LoopError {
                return (true, error.name)
            }
        }
        #expect(outcome.0)
        #expect(outcome.1 == "EADDRINUSE")
    }
}

import GroveLoop
import Testing

@Suite("Cancelling reads, writes and accepts")
struct CancellationTests {
    @Test("a pending read ends promptly with a cancellation error and the connection stays usable")
    func cancelRead() async throws {
        let (cancelled, afterwards) = try await within(.seconds(10), "read cancellation") {
            try await withLoop { loop -> (Bool, String) in
                try await withConnectedPair(loop) { client, server in
                    let reader = taskExpectingLoopError(on: loop, \.isCancellation) { _ = try await server.readMore() }
                    try await loop.clock.sleep(for: .milliseconds(5))
                    reader.cancel()
                    let cancelled = await reader.value
                    try await client.write("still here")
                    let bytes = try await server.read() ?? []
                    return (cancelled, String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        #expect(cancelled)
        #expect(afterwards == "still here")
    }

    @Test("a pending accept ends promptly with a cancellation error")
    func cancelAccept() async throws {
        let cancelled = try await within(.seconds(10), "accept cancellation") {
            try await withLoop { loop -> Bool in
                let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
                defer { listener.close() }
                let acceptor = taskExpectingLoopError(on: loop, \.isCancellation) { _ = try await listener.accept() }
                try await loop.clock.sleep(for: .milliseconds(5))
                acceptor.cancel()
                return await acceptor.value
            }
        }
        #expect(cancelled)
    }

    @Test("closing a connection wakes its pending reader with a closed error")
    func closeWakesReader() async throws {
        let closed = try await within(.seconds(10), "close wakes reader") {
            try await withLoop { loop -> Bool in
                try await withConnectedPair(loop) { _, server in
                    let reader = taskExpectingLoopError(on: loop, \.isClosed) { _ = try await server.readMore() }
                    try await loop.clock.sleep(for: .milliseconds(5))
                    server.close()
                    return await reader.value
                }
            }
        }
        #expect(closed)
    }
}

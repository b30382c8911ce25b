import GroveLoop
import GroveTestSupport
import Testing

@Suite("Backpressure")
struct BackpressureTests {
    /// A fast writer to a reader that stops reading: the writer suspends once the kernel
    /// buffers are full, user-space queueing stays within one chunk, and every byte arrives in
    /// order once the reader drains.
    @Test("a fast writer to a slow reader keeps memory bounded")
    func fastWriterSlowReader() async throws {
        let chunk = 64 * 1024
        let chunks = 400  // 25 MiB: far more than loopback socket buffers hold
        let result = try await within(.seconds(60), "backpressure transfer") {
            try await withLoop { loop -> (stalledAt: Int, maxQueued: Int, received: Int, inOrder: Bool) in
                try await withConnectedPair(loop) { client, server in
                    let progress = Locked((written: 0, maxQueued: 0))
                    let writer = Task(executorPreference: loop.executor) {
                        for index in 0..<chunks {
                            let bytes = [UInt8](repeating: UInt8(index % 251), count: chunk)
                            try await server.write(bytes)
                            progress.withLock {
                                $0.written += chunk
                                $0.maxQueued = max($0.maxQueued, server.queuedWriteBytes)
                            }
                        }
                    }
                    // The reader reads nothing for a while: the writer must stall.
                    var stalledAt = -1
                    var last = -1
                    for _ in 0..<200 {
                        try await loop.clock.sleep(for: .milliseconds(10))
                        let now = progress.value.written
                        if now == last { stalledAt = now; break }
                        last = now
                    }
                    // Now drain everything and check the order of the bytes.
                    var received = 0
                    var inOrder = true
                    while received < chunk * chunks {
                        guard try await client.readMore() else { break }
                        client.withReadableBytes { bytes in
                            for (offset, byte) in bytes.enumerated() where byte != UInt8(((received + offset) / chunk) % 251) {
                                inOrder = false
                                break
                            }
                        }
                        received += client.readableBytes
                        client.consume(client.readableBytes)
                    }
                    try await writer.value
                    return (stalledAt, progress.value.maxQueued, received, inOrder)
                }
            }
        }
        #expect(result.stalledAt > 0, "the writer never stalled")
        #expect(result.stalledAt < chunk * chunks / 2, "the writer got \(result.stalledAt) bytes out before stalling")
        #expect(result.maxQueued <= chunk, "user space queued \(result.maxQueued) bytes")
        #expect(result.received == chunk * chunks)
        #expect(result.inOrder)
    }

    @Test("a reader that does not consume pauses reading at maxBufferedBytes")
    func readBufferLimit() async throws {
        let (buffered, error) = try await within(.seconds(30), "read buffer limit") {
            try await withLoop { loop -> (Int, String) in
                try await withConnectedPair(loop) { client, server in
                    server.maxBufferedBytes = 32 * 1024
                    let sender = Task(executorPreference: loop.executor) {
                        try? await client.write([UInt8](repeating: 7, count: 1024 * 1024))
                    }
                    while server.readableBytes < server.maxBufferedBytes {
                        guard try await server.readMore() else { break }
                    }
                    let buffered = server.readableBytes
                    var name = ""
                    do { _ = try await server.readMore() } catch let error as LoopError { name = error.name }
                    sender.cancel()
                    return (buffered, name)
                }
            }
        }
        #expect(buffered == 32 * 1024)
        #expect(error == "ENOBUFS")
    }

    @Test("cancelling a write stalled on a full socket ends it with a cancellation error and closes")
    func cancelStalledWrite() async throws {
        let (cancelled, closed) = try await within(.seconds(30), "write cancellation") {
            try await withLoop { loop -> (Bool, Bool) in
                try await withConnectedPair(loop) { _, server in
                    let writer = taskExpectingLoopError(on: loop, \.isCancellation) {
                        while true { try await server.write([UInt8](repeating: 1, count: 256 * 1024)) }
                    }
                    while server.queuedWriteBytes == 0 { try await loop.clock.sleep(for: .milliseconds(2)) }
                    writer.cancel()
                    return (await writer.value, server.isClosed)
                }
            }
        }
        #expect(cancelled)
        #expect(closed)
    }
}

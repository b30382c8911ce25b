import GroveLoop
import GroveTestSupport
import Testing

@Suite("Callback-style streams (for the synchronous master)")
struct CallbackStreamTests {
    @Test("startReading delivers every byte then EOF; writeNow completes large writes")
    func callbacksRoundTrip() async throws {
        let (left, right) = try SocketPair.make()
        let (received, ended, completed) = try await within(.seconds(20), "callback transfer") {
            try await withLoop { loop -> (Int, Bool, Bool) in
                let reader = try PipeConnection(loop: loop, adopting: left)
                let writer = try PipeConnection(loop: loop, adopting: right)
                defer { reader.close() }
                let received = Locked(0)
                let ended = Locked(false)
                let completed = Locked(false)
                reader.startReading(onBytes: { bytes in
                    let count = bytes.count
                    received.withLock { $0 += count }
                }, onEnd: { error in
                    ended.withLock { $0 = error == nil }
                })
                let big = [UInt8](repeating: 42, count: 4 * 1024 * 1024)
                try writer.writeNow(big) { error in
                    completed.withLock { $0 = error == nil }
                    writer.close()
                }
                while !ended.value { try await loop.clock.sleep(for: .milliseconds(2)) }
                return (received.value, ended.value, completed.value)
            }
        }
        #expect(received == 4 * 1024 * 1024)
        #expect(ended)
        #expect(completed)
    }
}

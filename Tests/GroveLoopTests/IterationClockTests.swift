import GroveLoop
import Testing

@Suite("Loop iteration clock")
struct IterationClockTests {
    @Test("one reading per iteration: the same value however long the iteration runs, a new one after the loop polled")
    func oneReadingPerIteration() async throws {
        let (first, again, clockMoved, afterSleep, sleptFrom) = try await withLoop { loop in
            // No suspension between these reads: they are in one iteration.
            let first = loop.iterationNanoseconds
            let busyUntil = monotonicNanoseconds() + 2_000_000
            while monotonicNanoseconds() < busyUntil {}
            let again = loop.iterationNanoseconds
            let clockMoved = monotonicNanoseconds() - first
            // The sleep ends in a later iteration (a timer fires after a poll).
            let sleptFrom = monotonicNanoseconds()
            try await loop.clock.sleep(for: .milliseconds(10))
            return (first, again, clockMoved, loop.iterationNanoseconds, sleptFrom)
        }
        #expect(first != 0)
        #expect(clockMoved >= 2_000_000)
        #expect(again == first)
        #expect(afterSleep >= sleptFrom + 10_000_000)
    }

    @Test("a reading taken right before the loop waits is not used by the read callback after the wait")
    func readingDoesNotOutliveAPoll() async throws {
        let peerThread = try LoopThread(name: "peer")
        defer { peerThread.shutdown() }
        let peerLoop = peerThread.loop
        let (before, inCallback) = try await within(.seconds(10), "a read after a poll") {
            try await withLoop { loop -> (UInt64, UInt64) in
                let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
                defer { listener.close() }
                let port = listener.localAddress.port!
                let (go, trigger) = AsyncStream<Void>.makeStream()
                // The peer, on its own loop: connects, and once told, waits 30 ms and writes.
                let peer = Task(executorPreference: peerLoop.executor) {
                    let client = try await TCPConnection.connect(loop: peerLoop, host: "127.0.0.1", port: port)
                    defer { client.close() }
                    for await _ in go { break }
                    try await peerLoop.clock.sleep(for: .milliseconds(30))
                    try await client.write("x")
                    try await peerLoop.clock.sleep(for: .milliseconds(50))
                }
                let server = try await listener.accept()
                defer { server.close() }
                // Work a timer queues runs in the executor's drain right before the poll (a timer
                // that closes itself, as a sleep's does, would make that poll not wait): the
                // reading taken there must not survive the poll that waits for the peer.
                let timer = try LoopTimer(loop: loop)
                defer { timer.close() }
                let readings = await withCheckedContinuation { (continuation: CheckedContinuation<(UInt64, UInt64), Never>) in
                    timer.start(after: .milliseconds(1)) {
                        loop.executor.execute {
                            let before = loop.iterationNanoseconds
                            server.notifyWhenReadable { _ in continuation.resume(returning: (before, loop.iterationNanoseconds)) }
                            trigger.yield()
                        }
                    }
                }
                let (before, inCallback) = readings
                try await peer.value
                return (before, inCallback)
            }
        }
        #expect(inCallback >= before + 20_000_000, "the read callback used a reading from before the loop waited")
    }
}

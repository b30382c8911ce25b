@testable import GroveLoop
import Testing

@Suite("Readable notifications without a task")
struct ReadableNotificationTests {
    /// The outcomes a notification was called with (loop thread only).
    final class Calls {
        var outcomes: [Bool] = []
    }

    /// Sleeps on the loop until `calls` holds `count` outcomes (bounded by the test's `within`).
    func waitFor(_ count: Int, in calls: Calls, loop: EventLoop) async throws {
        while calls.outcomes.count < count { try await loop.clock.sleep(for: .milliseconds(1)) }
    }

    @Test("a kept notification is asked for again without a closure, fires once per asking, and is forgotten when cancelled")
    func keptNotificationFiresOncePerAsking() async throws {
        let (outcomes, keptAfterFiring, keptAfterCancel) = try await within(.seconds(10), "readable notifications") {
            try await withLoop { loop -> ([Bool], Bool, Bool) in
                try await withConnectedPair(loop) { client, server in
                    let calls = Calls()
                    server.notifyWhenReadable { calls.outcomes.append((try? $0.get()) ?? false) }
                    try await client.write("a")
                    try await waitFor(1, in: calls, loop: loop)
                    let keptAfterFiring = server.keepsReadableNotification
                    server.consume(server.readableBytes)
                    // Bytes that arrive while it is not asked for do not call it.
                    try await client.write("b")
                    try await loop.clock.sleep(for: .milliseconds(30))
                    let quiet = calls.outcomes.count
                    server.notifyAgainWhenReadable(onlyNewBytes: false)  // "b" is unread: at once
                    try await waitFor(2, in: calls, loop: loop)
                    server.consume(server.readableBytes)
                    server.notifyAgainWhenReadable(onlyNewBytes: true)
                    server.cancelReadableNotification()
                    try await client.write("c")
                    try await loop.clock.sleep(for: .milliseconds(30))
                    #expect(quiet == 1)
                    return (calls.outcomes, keptAfterFiring, server.keepsReadableNotification)
                }
            }
        }
        #expect(outcomes == [true, true])
        #expect(keptAfterFiring)
        #expect(!keptAfterCancel)
    }

    @Test("a kept notification asked for again reports the peer's EOF")
    func keptNotificationReportsEOF() async throws {
        let outcomes = try await within(.seconds(10), "readable EOF") {
            try await withLoop { loop -> [Bool] in
                try await withConnectedPair(loop) { client, server in
                    let calls = Calls()
                    server.notifyWhenReadable { calls.outcomes.append((try? $0.get()) ?? false) }
                    try await client.write("a")
                    try await waitFor(1, in: calls, loop: loop)
                    server.consume(server.readableBytes)
                    server.notifyAgainWhenReadable(onlyNewBytes: true)
                    client.close()
                    try await waitFor(2, in: calls, loop: loop)
                    return calls.outcomes
                }
            }
        }
        #expect(outcomes == [true, false])
    }
}

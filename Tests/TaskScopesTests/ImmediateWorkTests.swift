import Testing
import TaskScopes

/// Pieces run with `runImmediately` are counted like tasks: spawned, then succeeded or failed,
/// and a snapshot taken between them never shows more outcomes than spawns.
@Suite struct ImmediateWorkTests {
    @Test func immediatePiecesAreCountedAsSpawnedThenSucceededOrFailed() async throws {
        let root = TaskScope.root(clock: TestClock()) { _ in }
        let handlers = try root.child(name: "handlers", policy: .supervise)
        var seenInside: (spawned: Int, succeeded: Int)?
        for index in 0..<5 {
            let value = try handlers.runImmediately(name: "GET", detail: "/\(index)") {
                if index == 2 {
                    let inside = handlers.snapshot()
                    seenInside = (inside.spawned, inside.succeeded)
                }
                return index * 2
            }
            #expect(value == index * 2)
        }
        #expect(throws: Boom.self) { try handlers.runImmediately(name: "GET") { () throws -> Int in throw Boom() } }
        let snapshot = handlers.snapshot()
        #expect(snapshot.spawned == 6)
        #expect(snapshot.succeeded == 5)
        #expect(snapshot.failed == 1)
        #expect(snapshot.active == 0)
        // While the third piece ran, three were spawned and two had succeeded.
        #expect(seenInside?.spawned == 3)
        #expect(seenInside?.succeeded == 2)
        _ = await root.shutdown()
    }
}

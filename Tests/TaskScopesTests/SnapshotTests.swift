import Foundation
import Testing
import TaskScopes

@Suite struct SnapshotTests {
    @Test func snapshotCountsPerScopeAndEncodesAsJSON() async throws {
        let root = TaskScope.root(clock: TestClock()) { _ in }
        let app = try root.child(name: "myapp-a")
        let handlers = try app.child(name: "handlers", policy: .supervise)
        let gate = Gate()
        for _ in 0..<3 { try handlers.spawn(name: "ok") {} }
        try handlers.spawn(name: "bad") { throw Boom() }
        try handlers.spawn(name: "cancelled") { () async throws -> Void in
            await suspendUntilCancelled()
            try Task.checkCancellation()
        }.cancel()
        try handlers.spawn(name: "open-connection") { await gate.wait() }
        await eventually { handlers.snapshot().active == 1 }

        let snapshot = root.snapshot(includeTasks: true)
        let scope = try #require(snapshot.find(path: "root/myapp-a/handlers"))
        #expect(scope.spawned == 6)
        #expect(scope.succeeded == 3)
        #expect(scope.failed == 1)
        #expect(scope.cancelled == 1)
        #expect(scope.active == 1)
        #expect(scope.stuck == 0)
        #expect(scope.phase == .running)
        #expect(scope.tasks?.map(\.taskName) == ["open-connection"])
        #expect(snapshot.children.map(\.name) == ["myapp-a"])

        let json = snapshot.jsonString()
        let decoded = try JSONDecoder().decode(ScopeSnapshot.self, from: Data(json.utf8))
        #expect(decoded.find(path: "root/myapp-a/handlers")?.spawned == 6)
        #expect(json.contains("\"path\" : \"root/myapp-a/handlers\""))
        gate.open()
        let report = await root.shutdown()
        #expect(report.isClean)
        #expect(root.snapshot().phase == .stopped)
        #expect(root.snapshot().drainSeconds == 0)
    }
}

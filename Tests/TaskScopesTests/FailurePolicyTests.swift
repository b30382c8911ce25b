import Testing
import TaskScopes

@Suite struct FailurePolicyTests {
    @Test func superviseScopeIsolatesFailures() async throws {
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers", policy: .supervise) { failures.append($0) }
        let gate = Gate()
        let sibling = try handlers.spawn(name: "healthy") { () async -> Int in
            await gate.wait()
            return 7
        }
        let failing = try handlers.spawn(name: "broken") { () async throws -> Int in throw Boom() }
        await #expect(throws: Boom.self) { try await failing.value }
        await eventually { failures.count == 1 }
        #expect(!handlers.isShuttingDown)
        gate.open()
        #expect(try await sibling.value == 7)
        let failure = try #require(failures.all.first)
        #expect(failure.scopePath == "root/handlers")
        #expect(failure.taskName == "broken")
        #expect(failure.error as? Boom == Boom())
        // The scope still accepts work after a failure.
        #expect(try await handlers.spawn(name: "after") { 1 }.value == 1)
    }

    @Test func failFastScopeShutsDownAndEscalatesToParent() async throws {
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: TestClock()) { failures.append($0) }
        let app = try root.child(name: "app")
        let job = try app.child(name: "job", policy: .failFast)
        let sibling = try job.spawn(name: "sibling") { () async throws -> Void in
            await suspendUntilCancelled()
            try Task.checkCancellation()
        }
        try job.spawn(name: "first-failure") { throw Boom(tag: "first") }
        await #expect(throws: CancellationError.self) { try await sibling.value }
        await eventually { job.phase == .stopped }
        #expect(job.shutdownCause?.kind == .siblingFailure)
        #expect(job.shutdownCause?.detail.contains("first-failure") == true)
        #expect(failures.count == 1)
        #expect(failures.all.first?.taskName == "first-failure")
        #expect(failures.all.first?.scopePath == "root/app/job")
        // The parent (supervise) goes on.
        #expect(!app.isShuttingDown)
        #expect(job.snapshot().cancelled == 1)
        #expect(job.snapshot().failed == 1)
    }

    @Test func failFastCascadesThroughFailFastParents() async throws {
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: TestClock()) { failures.append($0) }
        let outer = try root.child(name: "outer", policy: .failFast)
        let inner = try outer.child(name: "inner", policy: .failFast)
        try inner.spawn(name: "bad") { throw Boom() }
        await eventually { outer.phase == .stopped && inner.phase == .stopped }
        #expect(outer.shutdownCause?.kind == .siblingFailure)
        #expect(outer.shutdownCause?.origin == "root/outer/inner")
        #expect(!root.isShuttingDown)
        #expect(failures.count == 1)
    }

    @Test func errorsBubbleToTheNearestAncestorHandler() async throws {
        let appFailures = Recorder<String>()
        let rootFailures = Recorder<String>()
        let root = TaskScope.root(clock: TestClock()) { rootFailures.append($0.taskName) }
        let app = try root.child(name: "app") { appFailures.append($0.taskName) }
        let handlers = try app.child(name: "handlers")
        let deep = try handlers.child(name: "deep")
        let other = try root.child(name: "other")
        try deep.spawn(name: "deep-failure") { throw Boom() }
        try other.spawn(name: "other-failure") { throw Boom() }
        await eventually { appFailures.count == 1 && rootFailures.count == 1 }
        #expect(appFailures.all == ["deep-failure"])
        #expect(rootFailures.all == ["other-failure"])
    }

    @Test func rootLogsFailuresThatReachNoHandler() async throws {
        let logs = LogCapture()
        let root = TaskScope.root(clock: TestClock(), logger: logs.logger)
        let handlers = try root.child(name: "handlers")
        try handlers.spawn(name: "conn-9") { throw Boom(tag: "peer reset") }
        await eventually { !logs.entries.isEmpty }
        let entry = try #require(logs.entries.first)
        #expect(entry.level == .error)
        #expect(entry.metadata["scope"]?.description == "root/handlers")
        #expect(entry.metadata["task"]?.description == "conn-9")
        #expect(entry.metadata["error"]?.description == "peer reset")
    }

    @Test func cancellationIsNotAFailure() async throws {
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: TestClock()) { failures.append($0) }
        let handle = try root.spawn(name: "cancelled") { () async throws -> Void in
            await suspendUntilCancelled()
            throw CancellationError()
        }
        handle.cancel()
        await eventually { root.snapshot().cancelled == 1 }
        #expect(failures.count == 0)
        #expect(root.snapshot().failed == 0)
    }
}

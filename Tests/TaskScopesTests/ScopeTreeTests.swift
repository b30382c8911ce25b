import Dispatch
import Synchronization
import Testing
import TaskScopes

@Suite struct ScopeTreeTests {
    @Test func childScopesHavePathsToAnyDepth() throws {
        let root = TaskScope.root(clock: TestClock())
        let app = try root.child(name: "myapp-a")
        let handlers = try app.child(name: "handlers")
        let deeper = try handlers.child(name: "per-connection")
        #expect(root.path == "root")
        #expect(handlers.path == "root/myapp-a/handlers")
        #expect(deeper.path == "root/myapp-a/handlers/per-connection")
        #expect(deeper.parent === handlers)
        #expect(app.children.map(\.name) == ["handlers"])
    }

    @Test func siblingNamesMustBeUniqueAndValid() throws {
        let root = TaskScope.root(clock: TestClock())
        _ = try root.child(name: "handlers")
        #expect(throws: ScopeError.self) { try root.child(name: "handlers") }
        do {
            _ = try root.child(name: "handlers")
        } catch {
            #expect(error.code == .duplicateScopeName)
            #expect(error.description.contains("handlers"))
        }
        #expect { try root.child(name: "a/b") } throws: { ($0 as? ScopeError)?.code == .invalidScopeName }
        #expect { try root.child(name: "") } throws: { ($0 as? ScopeError)?.code == .invalidScopeName }
    }

    @Test func spawnReturnsAHandleWithTheValue() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handle = try root.spawn(name: "answer") { 42 }
        #expect(try await handle.value == 42)
        #expect(handle.name == "answer")
        #expect(handle.scopePath == "root")
    }

    @Test func handleCancelCancelsTheTask() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handle = try root.spawn(name: "waiter") { () async throws -> Int in
            await suspendUntilCancelled()
            try Task.checkCancellation()
            return 1
        }
        handle.cancel()
        await #expect(throws: CancellationError.self) { try await handle.value }
        await eventually { root.snapshot().cancelled == 1 }
    }

    @Test func spawnedTasksSeeTheirScopeAsCurrent() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers")
        #expect(TaskScope.current == nil)
        let seen = try handlers.spawn(name: "probe") { TaskScope.current?.path }
        #expect(try await seen.value == "root/handlers")
        let nested = try handlers.spawn(name: "outer") { () async throws -> String? in
            // Deep library code spawns into whatever scope it runs in.
            let inner = try TaskScope.current!.spawn(name: "inner") { TaskScope.current?.path }
            return try await inner.value
        }
        #expect(try await nested.value == "root/handlers")
        let bound = await root.withCurrent { TaskScope.current?.path }
        #expect(bound == "root")
    }

    @Test func anyTaskCanSpawnIntoAnotherScope() async throws {
        // The start_server(task_group=) case: an accept loop in `listener` spawns handlers
        // into `handlers`, which outlive the accept loop's own task.
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers")
        let listener = try root.child(name: "listener")
        let served = Recorder<String>()
        let gate = Gate()
        try listener.spawn(name: "accept-loop") {
            for connection in 0..<3 {
                try handlers.spawn(name: "conn-\(connection)") {
                    await gate.wait()
                    served.append(TaskScope.current!.path)
                }
            }
        }
        await eventually { handlers.activeTaskCount == 3 && listener.activeTaskCount == 0 }
        gate.open()
        await handlers.waitForIdle()
        #expect(served.all == Array(repeating: "root/handlers", count: 3))
        #expect(handlers.snapshot().succeeded == 3)
    }

    @Test func spawnFromManyThreadsAtOnce() async throws {
        let root = TaskScope.root(clock: TestClock())
        let scope = try root.child(name: "handlers")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<250 { _ = try? scope.spawn(name: "w\(worker)-\(index)") {} }
        }
        await scope.waitForIdle()
        let snapshot = scope.snapshot()
        #expect(snapshot.spawned == 2000)
        #expect(snapshot.succeeded == 2000)
        #expect(snapshot.active == 0)
    }

    @Test func spawningIntoAShuttingDownScopeFailsClearly() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers")
        await handlers.shutdown(cause: .explicit("test"))
        do {
            try handlers.spawn(name: "late") {}
            Issue.record("spawn into a stopped scope succeeded")
        } catch {
            #expect(error.code == .scopeShuttingDown)
            #expect(error.scopePath == "root/handlers")
            #expect(error.message.contains("root/handlers"))
            #expect(error.message.contains("test"))
        }
        #expect { try handlers.child(name: "x") } throws: { ($0 as? ScopeError)?.code == .scopeShuttingDown }
    }

    @Test func tasksRunOnTheTreesExecutorPreference() async throws {
        let executor = CountingExecutor()
        let root = TaskScope.root(executor: executor, clock: TestClock())
        let handle = try root.spawn(name: "on-executor") { () async -> Bool in
            await withTaskGroup(of: Void.self) { group in group.addTask {} }
            return true
        }
        #expect(try await handle.value)
        #expect(executor.jobs >= 2)
    }
}

/// A task executor that counts the jobs it runs and runs them on a dispatch queue.
final class CountingExecutor: TaskExecutor, Sendable {
    private let count = Atomic<Int>(0)
    private let queue = DispatchQueue(label: "counting-executor")

    var jobs: Int { count.load(ordering: .relaxed) }

    func enqueue(_ job: consuming ExecutorJob) {
        count.add(1, ordering: .relaxed)
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

import Synchronization
import Testing
import TaskScopes

/// Counts events per kind and per task id; records duplicates.
final class CountingObserver: TaskLifecycleObserver {
    struct Counts: Sendable {
        var byKind: [TaskLifecycleEvent.Kind: Int] = [:]
        var seen: Set<String> = []
        var duplicates = 0
        var paths: Set<String> = []
        var negativeDurations = 0
    }

    let counts = Mutex(Counts())

    private func record(_ event: TaskLifecycleEvent) {
        counts.withLock { counts in
            counts.byKind[event.kind, default: 0] += 1
            let key = "\(event.kind)|\(event.scopePath)|\(event.taskID)"
            if !counts.seen.insert(key).inserted { counts.duplicates += 1 }
            counts.paths.insert(event.scopePath)
            if event.duration < .zero { counts.negativeDurations += 1 }
        }
    }

    func taskSpawned(_ event: TaskLifecycleEvent) { record(event) }
    func taskFinished(_ event: TaskLifecycleEvent) { record(event) }
    func taskFailed(_ event: TaskLifecycleEvent) { record(event) }
    func taskCancelled(_ event: TaskLifecycleEvent) { record(event) }

    func count(_ kind: TaskLifecycleEvent.Kind) -> Int { counts.withLock { $0.byKind[kind, default: 0] } }
    var total: Int { counts.withLock { $0.byKind.values.reduce(0, +) } }
}

/// Implements only one callback, relying on the defaults for the rest.
final class FailureOnlyObserver: TaskLifecycleObserver {
    let failures = Recorder<String>()
    func taskFailed(_ event: TaskLifecycleEvent) { failures.append("\(event.scopePath)/\(event.taskName)") }
}

@Suite struct ObserverTests {
    @Test func observersSeeEverySubtreeEventExactlyOnce() async throws {
        let root = TaskScope.root(clock: TestClock()) { _ in }
        let app = try root.child(name: "myapp-a")
        let handlers = try app.child(name: "handlers")
        let other = try root.child(name: "myapp-b")
        let metrics = CountingObserver()
        let tracing = CountingObserver()
        let failuresOnly = FailureOnlyObserver()
        app.addObserver(metrics)
        app.addObserver(tracing)
        root.addObserver(failuresOnly)
        for index in 0..<300 {
            try handlers.spawn(name: "ok-\(index)") {}
            try handlers.spawn(name: "bad-\(index)") { throw Boom() }
            let cancelled = try app.spawn(name: "cancel-\(index)") { () async throws -> Void in
                await suspendUntilCancelled()
                try Task.checkCancellation()
            }
            cancelled.cancel()
            try other.spawn(name: "elsewhere-\(index)") {}  // outside the observed subtree
        }
        await handlers.waitForIdle()
        await app.waitForIdle()
        await other.waitForIdle()
        for observer in [metrics, tracing] {
            #expect(observer.count(.spawned) == 900)
            #expect(observer.count(.finished) == 300)
            #expect(observer.count(.failed) == 300)
            #expect(observer.count(.cancelled) == 300)
            #expect(observer.counts.withLock { $0.duplicates } == 0)
            #expect(observer.counts.withLock { $0.paths } == ["root/myapp-a", "root/myapp-a/handlers"])
            #expect(observer.counts.withLock { $0.negativeDurations } == 0)
        }
        #expect(failuresOnly.failures.count == 300)
        #expect(failuresOnly.failures.all.allSatisfy { $0.hasPrefix("root/myapp-a/handlers/bad-") })
    }

    @Test func removedObserversStopReceivingEvents() async throws {
        let root = TaskScope.root(clock: TestClock())
        let observer = CountingObserver()
        let token = root.addObserver(observer)
        #expect(token.scopePath == "root")
        try await root.spawn(name: "seen") {}.value
        await root.waitForIdle()
        #expect(observer.total == 2)
        root.removeObserver(token)
        root.removeObserver(token)  // idempotent
        try await root.spawn(name: "unseen") {}.value
        await root.waitForIdle()
        #expect(observer.total == 2)
    }

    @Test func eventsCarryNameAndDurationOnTheInjectedClock() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock)
        let events = Recorder<TaskLifecycleEvent>()
        final class Collector: TaskLifecycleObserver {
            let events: Recorder<TaskLifecycleEvent>
            init(_ events: Recorder<TaskLifecycleEvent>) { self.events = events }
            func taskSpawned(_ event: TaskLifecycleEvent) { events.append(event) }
            func taskFinished(_ event: TaskLifecycleEvent) { events.append(event) }
        }
        root.addObserver(Collector(events))
        let gate = Gate()
        let handle = try root.spawn(name: "timed") { await gate.wait() }
        clock.advance(by: .seconds(3))
        gate.open()
        try await handle.value
        await eventually { events.count == 2 }
        #expect(events.all.map(\.kind) == [.spawned, .finished])
        #expect(events.all.map(\.taskName) == ["timed", "timed"])
        #expect(events.all.last?.duration == .seconds(3))
    }
}

import Testing
import TaskScopes

@Suite struct ShutdownOrderTests {
    /// Spawns a task into `scope` that records the scope's path when its graceful signal arrives.
    private func recordSignal(in scope: TaskScope, into order: Recorder<String>) throws {
        try scope.spawn(name: "worker") {
            try await TaskScope.gracefulShutdown()
            order.append(scope.path)
        }
    }

    @Test func innermostFirstAndSiblingsInReverseCreationOrder() async throws {
        let order = Recorder<String>()
        let root = TaskScope.root(clock: TestClock())
        let app = try root.child(name: "app")
        let handlers = try app.child(name: "handlers")
        let timers = try app.child(name: "timers")
        let other = try root.child(name: "other")
        for scope in [root, app, handlers, timers, other] { try recordSignal(in: scope, into: order) }
        let report = await root.shutdown(cause: .signal("SIGTERM"))
        #expect(order.all == ["root/other", "root/app/timers", "root/app/handlers", "root/app", "root"])
        #expect(report.isClean)
        #expect(report.children.map(\.scopePath) == ["root/app", "root/other"])
        #expect(root.phase == .stopped && handlers.phase == .stopped)
    }

    @Test func concurrentChildrenShutDownTogetherBeforeTheParent() async throws {
        let order = Recorder<String>()
        let gate = Gate()
        let root = TaskScope.root(clock: TestClock(), options: ScopeOptions(childShutdownOrder: .concurrent))
        let first = try root.child(name: "first")
        let second = try root.child(name: "second")
        for scope in [first, second] {
            try scope.spawn(name: "blocked-until-both-signalled") {
                try await TaskScope.gracefulShutdown()
                order.append(scope.path)
                await gate.wait()
            }
        }
        try recordSignal(in: root, into: order)
        let shutdown = Task { await root.shutdown() }
        // With sequential order only one child would ever be signalled while the gate is shut.
        await eventually { order.count == 2 }
        #expect(Set(order.all) == ["root/first", "root/second"])
        gate.open()
        let report = await shutdown.value
        #expect(order.all.last == "root")
        #expect(report.isClean)
    }

    @Test func listenerStopsBeforeHandlersWhichStillAcceptSpawns() async throws {
        let order = Recorder<String>()
        let lateSpawn = Recorder<Bool>()
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers")
        let listener = try root.child(name: "listener")
        try recordSignal(in: handlers, into: order)
        try listener.spawn(name: "accept-loop") {
            try await TaskScope.gracefulShutdown()
            order.append(listener.path)
            // Shutdown was requested for the whole tree, but it is not the handlers' turn yet:
            // in-flight connections can still be handed over.
            lateSpawn.append(handlers.isShuttingDown)
            try handlers.spawn(name: "last-connection") {}
            lateSpawn.append(true)
        }
        let report = await root.shutdown()
        #expect(order.all == ["root/listener", "root/handlers"])
        #expect(lateSpawn.all == [true, true])
        #expect(handlers.snapshot().spawned == 0 || report.isClean)
        #expect(report.report(for: "root/handlers")?.isClean == true)
    }

    @Test func causeIsVisibleToTasksAndInTheReport() async throws {
        let causes = Recorder<ShutdownCause?>()
        let root = TaskScope.root(clock: TestClock())
        let child = try root.child(name: "child")
        for scope in [root, child] {
            try scope.spawn(name: "observer") {
                try await TaskScope.gracefulShutdown()
                causes.append(TaskScope.currentShutdownCause)
            }
        }
        let report = await root.shutdown(cause: .signal("SIGTERM"))
        let childCause = try #require(causes.all.first ?? nil)
        let rootCause = try #require(causes.all.last ?? nil)
        #expect(childCause.kind == .parentShutdown)
        #expect(childCause.origin == "root")
        #expect(childCause.detail.contains("SIGTERM"))
        #expect(rootCause == .signal("SIGTERM"))
        #expect(report.cause == .signal("SIGTERM"))
        #expect(report.children.first?.cause.kind == .parentShutdown)
    }

    @Test func shutdownIsIdempotentAndJoins() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        let gate = Gate()
        try root.spawn(name: "slow") { await gate.wait() }
        let first = Task { await root.shutdown(cause: .explicit("first")) }
        await eventually { root.phase == .graceful }
        let second = Task { await root.shutdown(cause: .explicit("second")) }
        gate.open()
        let (a, b) = await (first.value, second.value)
        #expect(a.cause == .explicit("first"))
        #expect(b.cause == .explicit("first"))
        #expect(a.startedAtSeconds == b.startedAtSeconds)
        let third = await root.shutdown()
        #expect(third.cause == .explicit("first"))
    }

    @Test func gracefulHandlerRunsAndCountsAsAcknowledged() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(5), forcedTimeout: .seconds(5)))
        let handled = Recorder<String>()
        let gate = Gate()
        try root.spawn(name: "server") {
            await TaskScope.withGracefulShutdownHandler {
                await gate.wait()
            } onGracefulShutdown: {
                handled.append("stop accepting")
            }
        }
        let shutdown = Task { await root.shutdown() }
        await eventually { handled.count == 1 }
        let info = try #require(root.snapshot(includeTasks: true).tasks?.first)
        #expect(info.taskName == "server")
        #expect(info.acknowledgedGraceful)
        gate.open()
        let report = await shutdown.value
        #expect(report.isClean && report.lingering.isEmpty)
        #expect(handled.all == ["stop accepting"])
    }
}

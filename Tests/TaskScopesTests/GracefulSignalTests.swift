import Testing
import TaskScopes

@Suite struct GracefulSignalTests {
    @Test func isShuttingDownIsFalseOutsideAScopeAndTrueOnceRequested() async throws {
        #expect(!TaskScope.isShuttingDown)
        #expect(TaskScope.currentShutdownCause == nil)
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        let seen = Recorder<Bool>()
        let gate = Gate()
        try root.spawn(name: "poller") {
            seen.append(TaskScope.isShuttingDown)
            await gate.wait()
            seen.append(TaskScope.isShuttingDown)  // after the signal: counts as acknowledging it
            await gate.wait()
        }
        await eventually { seen.count == 1 }
        let shutdown = Task { await root.shutdown() }
        await eventually { root.isGracefulShutdownSignalled }
        gate.open()
        let report = await shutdown.value
        #expect(seen.all == [false, true])
        #expect(report.isClean)
    }

    @Test func pollingAfterTheSignalAcknowledgesIt() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        let polled = Gate()
        let release = Gate()
        try root.spawn(name: "poller") {
            await polled.wait()
            _ = TaskScope.isShuttingDown
            await release.wait()
        }
        let shutdown = Task { await root.shutdown() }
        await eventually { root.isGracefulShutdownSignalled && clock.sleeperCount == 1 }
        polled.open()
        await eventually { root.snapshot(includeTasks: true).tasks?.first?.acknowledgedGraceful == true }
        clock.advance(by: .seconds(1))
        await eventually { root.phase == .forced && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        let report = await shutdown.value
        #expect(report.abandoned.first?.acknowledgedGraceful == true)
        release.open()
    }

    @Test func waitingForTheSignalIsCancellable() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handle = try root.spawn(name: "waiter") { try await TaskScope.gracefulShutdown() }
        handle.cancel()
        await #expect(throws: CancellationError.self) { try await handle.value }
        await #expect { try await TaskScope.gracefulShutdown() } throws: {
            ($0 as? ScopeError)?.code == .noCurrentScope
        }
    }

    @Test func cancelOnGracefulShutdownStopsTheOperationAtTheSignal() async throws {
        let root = TaskScope.root(clock: TestClock())
        let ended = Recorder<Bool>()
        try root.spawn(name: "accept-loop") {
            let stream = AsyncStream<Int> { _ in }  // never yields, never ends
            try await TaskScope.cancelOnGracefulShutdown {
                for await _ in stream {}
                ended.append(Task.isCancelled)
            }
        }
        await eventually { root.activeTaskCount == 1 }
        let report = await root.shutdown()
        #expect(ended.all == [true])
        #expect(report.isClean && report.lingering.isEmpty)
    }

    @Test func aTaskCanRequestItsOwnScopesShutdown() async throws {
        let root = TaskScope.root(clock: TestClock())
        let job = try root.child(name: "job")
        try job.spawn(name: "decider") {
            TaskScope.current?.requestShutdown(cause: .explicit("work done"))
            try await TaskScope.gracefulShutdown()
        }
        await eventually { job.phase == .stopped }
        #expect(job.shutdownCause == .explicit("work done"))
        #expect(job.snapshot().succeeded == 1)
        #expect(!root.isShuttingDown)
    }

    @Test func stoppedChildIsReleasedAndItsNameReusable() async throws {
        let root = TaskScope.root(clock: TestClock())
        let first = try root.child(name: "per-request")
        await first.shutdown()
        await eventually { root.children.isEmpty }
        let second = try root.child(name: "per-request")
        #expect(second !== first)
        #expect(root.children.map(\.name) == ["per-request"])
    }

    @Test func cleanReportReadsClean() async throws {
        let root = TaskScope.root(clock: TestClock())
        _ = try root.child(name: "idle")
        let report = await root.shutdown(cause: .explicit("deploy"))
        #expect(report.description.hasPrefix("shutdown of root (explicit deploy) took 0.000s: clean"))
        #expect(report.description.contains("scope root/idle"))
    }
}

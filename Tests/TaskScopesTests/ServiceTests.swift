import Testing
import TaskScopes

@Suite struct ServiceTests {
    @Test func permanentServiceRestartsWithBackoffOnTheInjectedClock() async throws {
        let clock = TestClock()
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: clock) { failures.append($0) }
        let timers = try root.child(name: "timers")
        let runs = Recorder<Duration>()
        try timers.service(name: "ticker", restart: .permanent,
                           intensity: RestartIntensity(maxRestarts: 5, period: .seconds(60)),
                           backoff: Backoff(initial: .seconds(1), maximum: .seconds(4), multiplier: 2)) {
            runs.append(clock.now.offset)
            throw Boom(tag: "tick failed")
        }
        // Runs at 0, then after 1 s, 2 s, 4 s backoff.
        for (expectedRuns, next) in [(1, Duration.seconds(1)), (2, .seconds(3)), (3, .seconds(7))] {
            await eventually { runs.count == expectedRuns && clock.sleeperCount == 1 }
            #expect(clock.nextDeadline == next)
            clock.advance(to: next)
        }
        await eventually { runs.count == 4 }
        #expect(runs.all == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        #expect(failures.all.allSatisfy { $0.taskName == "ticker" && $0.scopePath == "root/timers" })
        #expect(failures.count >= 3)
        // A service waiting out its backoff stops at once on the graceful signal.
        await eventually { clock.sleeperCount == 1 }
        let report = await timers.shutdown()
        #expect(report.isClean && report.lingering.isEmpty)
        #expect(runs.count == 4)
    }

    @Test func exceedingTheIntensityEscalatesToTheParent() async throws {
        let clock = TestClock()
        let appFailures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: clock)
        let app = try root.child(name: "app") { appFailures.append($0) }
        let timers = try app.child(name: "timers", options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        try timers.service(name: "flaky", intensity: RestartIntensity(maxRestarts: 2, period: .seconds(10)),
                           backoff: .none) {
            throw Boom(tag: "flaky")
        }
        // 30 s: the service restarts on the global pool, which the integration suites running
        // beside this one kept busy for over 10 s on two full-suite runs of a 2-core machine.
        await eventually(.seconds(30)) { timers.phase == .stopped }
        #expect(timers.shutdownCause?.kind == .escalation)
        let escalated = try #require(appFailures.all.last)
        let error = try #require(escalated.error as? ScopeError)
        #expect(error.code == .restartIntensityExceeded)
        #expect(error.message.contains("flaky"))
        #expect(escalated.scopePath == "root/app/timers")
        // Two restarts were reported to the handler (the timers scope has none), then the escalation.
        #expect(appFailures.count == 3)
        #expect(!app.isShuttingDown)
        #expect(timers.snapshot().failed == 1)
    }

    @Test func transientStopsOnSuccessAndTemporaryNeverRestarts() async throws {
        let root = TaskScope.root(clock: TestClock()) { _ in }
        let runs = Recorder<String>()
        let transient = try root.service(name: "migrate", restart: .transient, backoff: .none) {
            runs.append("transient")
            if runs.count < 2 { throw Boom() }
        }
        try await transient.value
        let temporary = try root.service(name: "once", restart: .temporary, backoff: .none) {
            runs.append("temporary")
            throw Boom()
        }
        await #expect(throws: Boom.self) { try await temporary.value }
        #expect(runs.all == ["transient", "transient", "temporary"])
    }

    @Test func servicesStopWhenTheirScopeShutsDown() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock)
        let runs = Recorder<Int>()
        try root.service(name: "consumer", restart: .permanent, backoff: .none) {
            runs.append(1)
            try await TaskScope.gracefulShutdown()
        }
        await eventually { runs.count == 1 }
        let report = await root.shutdown()
        #expect(report.isClean && report.lingering.isEmpty)
        #expect(runs.count == 1)
        #expect(root.snapshot().succeeded == 1)
    }
}

import Testing
import TaskScopes

@Suite struct TimeoutTests {
    @Test func timesOutOnTheInjectedClockAndCancelsTheOperation() async throws {
        let clock = TestClock()
        let cancelled = Recorder<Bool>()
        let call = Task {
            try await withTimeout(.seconds(5), clock: clock) { () async throws -> Int in
                await suspendUntilCancelled()
                cancelled.append(Task.isCancelled)
                return 1
            }
        }
        await eventually { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(5))
        await #expect(throws: TimeoutError(timeout: .seconds(5))) { try await call.value }
        #expect(cancelled.all == [true])  // the operation was cancelled and awaited
    }

    @Test func returnsTheValueBeforeTheTimeout() async throws {
        let clock = TestClock()
        let value = try await withTimeout(.seconds(5), clock: clock) { 42 }
        #expect(value == 42)
        #expect(clock.sleeperCount == 0)
    }

    @Test func deadlineOnAGenericClock() async throws {
        let clock = TestClock()
        let call = Task {
            try await withDeadline(clock.now.advanced(by: .seconds(2)), clock: clock) { () async throws -> Int in
                await suspendUntilCancelled()
                throw CancellationError()
            }
        }
        await eventually { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(2))
        await #expect(throws: TimeoutError.self) { try await call.value }
    }

    @Test func scopeTimeoutUsesTheTreeClockAndPropagatesErrors() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock)
        await #expect(throws: Boom.self) { try await root.withTimeout(.seconds(1)) { () async throws -> Int in throw Boom() } }
        let call = Task { try await root.withTimeout(.seconds(1)) { await suspendUntilCancelled() } }
        await eventually { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        await #expect(throws: TimeoutError.self) { try await call.value }
    }
}

@Suite struct ShieldTests {
    @Test func shieldedCommitFinishesDuringForcedShutdown() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        let committed = Recorder<String>()
        let commitGate = Gate()
        try root.spawn(name: "writer") {
            try await TaskScope.shielded(maxDuration: .seconds(10)) {
                await commitGate.wait()
                committed.append(Task.isCancelled ? "cancelled" : "committed")
            }
        }
        let shutdown = Task { await root.shutdown() }
        await eventually { root.phase == .graceful && clock.sleeperCount == 2 }  // graceful wait + shield bound
        clock.advance(by: .seconds(1))
        await eventually { root.phase == .forced && clock.sleeperCount == 2 }
        let shown = try #require(root.snapshot(includeTasks: true).tasks?.first)
        #expect(shown.shielded)
        clock.advance(by: .seconds(1))  // forced deadline passes: the shield keeps the phase open
        await eventually { clock.nextDeadline == .seconds(10) && clock.sleeperCount == 2 }
        commitGate.open()
        let report = await shutdown.value
        #expect(committed.all == ["committed"])
        #expect(report.isClean)
        #expect(report.lingering.first?.shielded == true)
    }

    @Test func shieldIsBoundedAndStuckShieldedTasksAreMarked() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        let gate = Gate()
        let outcome = Recorder<String>()
        try root.spawn(name: "long-commit") {
            do {
                try await TaskScope.shielded(maxDuration: .seconds(3)) {
                    await suspendUntilCancelled()
                    await gate.wait()  // ignores even the shield's own bound
                }
            } catch {
                outcome.append(error is TimeoutError ? "timeout" : String(describing: error))
            }
        }
        let shutdown = Task { await root.shutdown(within: .seconds(2.5)) }
        await eventually { root.phase == .graceful && clock.sleeperCount == 2 }
        clock.advance(to: clock.nextDeadline!)
        await eventually { root.phase == .forced && clock.sleeperCount == 2 }
        clock.advance(to: .milliseconds(2500))  // global deadline caps the shield's extension
        let report = await shutdown.value
        #expect(report.drainSeconds == 2.5)
        let stuck = try #require(report.abandoned.first)
        #expect(stuck.shielded)
        #expect(stuck.taskName == "long-commit")
        #expect(report.description.contains("SHIELDED"))
        clock.advance(to: .seconds(3))  // the shield's bound cancels the operation
        gate.open()
        await eventually { outcome.count == 1 }
        #expect(outcome.all == ["timeout"])
    }

    @Test func shieldOutsideAScopeThrows() async {
        await #expect { try await TaskScope.shielded(maxDuration: .seconds(1)) { 1 } } throws: {
            ($0 as? ScopeError)?.code == .noCurrentScope
        }
    }
}

import Foundation
import Testing
import TaskScopes

@Suite struct ShutdownBudgetTests {
    @Test func taskIgnoringCancellationIsReportedStuckAndShutdownReturnsOnTime() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(5), forcedTimeout: .seconds(2)))
        let handlers = try root.child(name: "handlers")
        let gate = Gate()
        try handlers.spawn(name: "conn-10.0.0.7") { await gate.wait() }  // ignores everything
        try handlers.spawn(name: "polite-but-stuck") {
            try? await TaskScope.gracefulShutdown()
            await gate.wait()
        }
        try handlers.spawn(name: "cancellable") {
            await suspendUntilCancelled()
            try Task.checkCancellation()
        }
        clock.advance(by: .seconds(60))  // the tasks are one minute old at shutdown
        let shutdown = Task { await root.shutdown(cause: .signal("SIGTERM")) }
        await eventually { handlers.phase == .graceful && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(5))
        await eventually { handlers.phase == .forced && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(2))
        let report = await shutdown.value
        #expect(clock.now.offset == .seconds(67))  // returned without any further time passing

        let scope = try #require(report.report(for: "root/handlers"))
        #expect(scope.phaseReached == .forced)
        #expect(scope.drainSeconds == 7)
        #expect(scope.lingering.map(\.taskName) == ["conn-10.0.0.7", "polite-but-stuck", "cancellable"])
        #expect(scope.lingering.allSatisfy { $0.phase == .graceful })
        #expect(scope.abandoned.map(\.taskName) == ["conn-10.0.0.7", "polite-but-stuck"])
        let stuck = try #require(scope.abandoned.first)
        #expect(stuck.scopePath == "root/handlers")
        #expect(stuck.taskID == 1)
        #expect(stuck.ageSeconds == 67)
        #expect(!stuck.acknowledgedGraceful)
        #expect(!stuck.shielded)
        #expect(stuck.phase == .forced)
        #expect(scope.abandoned[1].acknowledgedGraceful)
        #expect(report.allAbandoned.count == 2)
        #expect(report.drainSeconds == 7)
        #expect(handlers.snapshot().stuck == 2)
        await eventually { handlers.snapshot().cancelled == 1 }

        let text = report.description
        #expect(text.contains("2 tasks abandoned"))
        #expect(text.contains("ABANDONED root/handlers #1 'conn-10.0.0.7' age 67.000s, ignored graceful signal"))
        let decoded = try JSONDecoder().decode(ShutdownReport.self, from: Data(report.jsonString().utf8))
        #expect(decoded.allAbandoned == report.allAbandoned)
        gate.open()
    }

    @Test func childBudgetShrinksToTheParentsRemainder() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(2), forcedTimeout: .seconds(1)))
        let child = try root.child(name: "slow", options: ScopeOptions(gracefulTimeout: .seconds(10), forcedTimeout: .seconds(10)))
        let gate = Gate()
        try child.spawn(name: "stubborn") { await gate.wait() }
        let shutdown = Task { await root.shutdown() }
        // 3 s remain for the child; its 10 s + 10 s shrink in proportion to 1.5 s + 1.5 s.
        await eventually { child.phase == .graceful && clock.sleeperCount == 1 }
        #expect(clock.nextDeadline == .milliseconds(1500))
        clock.advance(to: .milliseconds(1500))
        await eventually { child.phase == .forced && clock.sleeperCount == 1 }
        #expect(clock.nextDeadline == .seconds(3))
        clock.advance(to: .seconds(3))
        let report = await shutdown.value
        let childReport = try #require(report.report(for: "root/slow"))
        #expect(childReport.gracefulBudgetSeconds == 1.5)
        #expect(childReport.forcedBudgetSeconds == 1.5)
        #expect(childReport.drainSeconds == 3)
        #expect(report.drainSeconds == 3)
        #expect(report.allAbandoned.map(\.taskName) == ["stubborn"])
        gate.open()
    }

    @Test func globalDeadlineCapsTheWholeTree() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(30), forcedTimeout: .seconds(10)))
        let app = try root.child(name: "app")
        let handlers = try app.child(name: "handlers")
        let gate = Gate()
        try handlers.spawn(name: "stubborn") { await gate.wait() }
        let shutdown = Task { await root.shutdown(cause: .deadline(), within: .seconds(4)) }
        await eventually { handlers.phase == .graceful && clock.sleeperCount == 1 }
        #expect(clock.nextDeadline == .seconds(3))  // 4 s * 30 / (30 + 10)
        clock.advance(to: .seconds(3))
        await eventually { handlers.phase == .forced && clock.sleeperCount == 1 }
        #expect(clock.nextDeadline == .seconds(4))
        clock.advance(to: .seconds(4))
        let report = await shutdown.value
        #expect(report.drainSeconds == 4)
        #expect(report.cause.kind == .deadline)
        #expect(report.allAbandoned.first?.scopePath == "root/app/handlers")
        gate.open()
    }

    @Test func cancelledTasksEndInTheForcedPhase() async throws {
        let clock = TestClock()
        let root = TaskScope.root(clock: clock, options: ScopeOptions(gracefulTimeout: .seconds(1), forcedTimeout: .seconds(1)))
        try root.spawn(name: "until-cancelled") { await suspendUntilCancelled() }
        let shutdown = Task { await root.shutdown() }
        await eventually { root.phase == .graceful && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        let report = await shutdown.value
        #expect(report.phaseReached == .forced)
        #expect(report.lingering.map(\.taskName) == ["until-cancelled"])
        #expect(report.abandoned.isEmpty)
        #expect(report.isClean)
        #expect(report.drainSeconds == 1)
    }
}

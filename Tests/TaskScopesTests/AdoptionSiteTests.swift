import Testing
import TaskScopes

@Suite struct AdoptionSiteTests {
    @Test func piecesRunInTheirScopeAndLeaveItWhenFinished() async throws {
        let root = TaskScope.root(clock: TestClock())
        let connections = try root.child(name: "connections")
        let handlers = try root.child(name: "handlers")
        let seen = Recorder<String>()
        let done = try connections.spawn(name: "connection") {
            try await TaskScope.withAdoptionSite { site in
                seen.append(TaskScope.current?.path ?? "none")
                for index in 0..<3 {
                    let work = try site.begin(in: handlers, name: "GET /\(index)")
                    seen.append(TaskScope.current?.path ?? "none")
                    let names = handlers.snapshot(includeTasks: true).tasks?.map(\.taskName) ?? []
                    seen.append(names.joined(separator: ","))
                    work.finish()
                }
                seen.append(TaskScope.current?.path ?? "none")
            }
        }
        try await done.value
        #expect(seen.all == [
            "root/connections",
            "root/handlers", "GET /0", "root/handlers", "GET /1", "root/handlers", "GET /2",
            "root/connections",
        ])
        let snapshot = handlers.snapshot()
        #expect(snapshot.active == 0)
        #expect(snapshot.spawned == 3)
        #expect(snapshot.succeeded == 3)
    }

    @Test func aFailedPieceGoesToItsScopesErrorHandlerAndTheTaskGoesOn() async throws {
        let failures = Recorder<TaskFailure>()
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers") { failures.append($0) }
        let result = try root.spawn(name: "connection") { () -> Int in
            try await TaskScope.withAdoptionSite { site in
                let work = try site.begin(in: handlers, name: "POST /broken")
                work.fail(Boom())
                return 42
            }
        }
        #expect(try await result.value == 42)
        await eventually { failures.count == 1 }
        #expect(failures.all.first?.scopePath == "root/handlers")
        #expect(failures.all.first?.taskName == "POST /broken")
        #expect(handlers.snapshot().failed == 1)
    }

    @Test func forcedShutdownCancelsTheAdoptingTaskAndReportsThePiece() async throws {
        let root = TaskScope.root(clock: ContinuousClock())
        let handlers = try root.child(name: "handlers", options: ScopeOptions(gracefulTimeout: .milliseconds(20), forcedTimeout: .seconds(5)))
        let started = Gate()
        let task = try root.spawn(name: "connection") { () -> Bool in
            try await TaskScope.withAdoptionSite { site in
                let work = try site.begin(in: handlers, name: "GET /slow")
                started.open()
                await suspendUntilCancelled()
                let cancelled = Task.isCancelled
                work.fail(CancellationError())
                return cancelled
            }
        }
        await started.wait()
        let report = await handlers.shutdown()
        #expect(try await task.value)
        #expect(report.lingering.map(\.taskName) == ["GET /slow"])
        #expect(report.lingering.first?.scopePath == "root/handlers")
        #expect(handlers.snapshot().cancelled == 1)
    }

    @Test func aFinishedPieceIsNoLongerCancelledWithItsScope() async throws {
        let root = TaskScope.root(clock: ContinuousClock())
        let first = try root.child(name: "first", options: ScopeOptions(gracefulTimeout: .zero, forcedTimeout: .seconds(5)))
        let second = try root.child(name: "second")
        let running = Gate()
        let resume = Gate()
        let task = try root.spawn(name: "connection") { () -> Bool in
            try await TaskScope.withAdoptionSite { site in
                try site.begin(in: first, name: "GET /a").finish()
                let work = try site.begin(in: second, name: "GET /b")
                running.open()
                await resume.wait()
                work.finish()
                return Task.isCancelled
            }
        }
        await running.wait()
        let report = await first.shutdown()
        resume.open()
        #expect(try await task.value == false)
        #expect(report.allLingering.isEmpty)
        #expect(second.snapshot().succeeded == 1)
    }

    @Test func aStoppedScopeRefusesNewPieces() async throws {
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers")
        _ = await handlers.shutdown()
        let refused = try root.spawn(name: "connection") { () -> Bool in
            await TaskScope.withAdoptionSite { site in
                do {
                    _ = try site.begin(in: handlers, name: "GET /late")
                    return false
                } catch {
                    return (error as? ScopeError)?.code == .scopeShuttingDown
                }
            }
        }
        #expect(try await refused.value)
    }
}

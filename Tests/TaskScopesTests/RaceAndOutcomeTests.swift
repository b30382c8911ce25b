import Testing
import TaskScopes

@Suite struct RaceTests {
    @Test func firstSuccessWinsAfterEarlierFailuresAndLosersAreCancelledAndAwaited() async throws {
        let loserEnded = Recorder<Bool>()
        let winnerGate = Gate()
        let result = try await race(.firstSuccess, [
            { @Sendable () async throws -> String in throw Boom(tag: "fast failure") },
            { @Sendable () async throws -> String in
                await winnerGate.wait()
                return "winner"
            },
            { @Sendable () async throws -> String in
                winnerGate.open()  // let the winner go only once the loser runs
                await suspendUntilCancelled()
                loserEnded.append(Task.isCancelled)
                return "loser"
            },
        ])
        #expect(result == "winner")
        #expect(loserEnded.all == [true])  // cancelled, and awaited before race returned
    }

    @Test func firstSuccessKeepsEveryErrorWhenAllFail() async throws {
        do {
            _ = try await race(.firstSuccess, { @Sendable () async throws -> Int in throw Boom(tag: "a") },
                               { @Sendable () async throws -> Int in throw Boom(tag: "b") })
            Issue.record("race did not throw")
        } catch let failure as RaceFailure {
            #expect(failure.errors.count == 2)
            #expect((failure.errors[0] as? Boom)?.tag == "a")
            #expect((failure.errors[1] as? Boom)?.tag == "b")
            #expect(failure.description.contains("#1: b"))
        }
    }

    @Test func firstCompletionReturnsTheFirstErrorToo() async throws {
        await #expect(throws: Boom(tag: "first")) {
            try await race(.firstCompletion, [
                { @Sendable () async throws -> Int in throw Boom(tag: "first") },
                { @Sendable () async throws -> Int in
                    await suspendUntilCancelled()
                    return 2
                },
            ])
        }
        await #expect { try await race(.firstCompletion, [@Sendable () async throws -> Int]()) } throws: {
            ($0 as? ScopeError)?.code == .noRaceOperations
        }
    }
}

@Suite struct OutcomeStreamTests {
    @Test func outcomesContinuePastErrorsInCompletionOrder() async throws {
        let root = TaskScope.root(clock: TestClock())
        let gates = (0..<3).map { _ in Gate() }
        let stream = try root.outcomes(of: [
            (name: "a", operation: { @Sendable () async throws -> Int in await gates[0].wait(); return 1 }),
            (name: "b", operation: { @Sendable () async throws -> Int in await gates[1].wait(); throw Boom() }),
            (name: "c", operation: { @Sendable () async throws -> Int in await gates[2].wait(); return 3 }),
        ])
        // Release b (fails), then c, then a: the stream yields them in that order.
        var names: [String] = []
        var errors = 0
        var iterator = stream.makeAsyncIterator()
        for index in [1, 2, 0] {
            gates[index].open()
            let outcome = try #require(await iterator.next())
            names.append(outcome.taskName)
            if outcome.error is Boom { errors += 1 }
        }
        #expect(await iterator.next() == nil)
        #expect(names == ["b", "c", "a"])
        #expect(errors == 1)
        #expect(root.snapshot().failed == 1)
    }

    @Test func dynamicSpawnsEndAfterFinish() async throws {
        let root = TaskScope.root(clock: TestClock())
        let stream = root.outcomes(of: Int.self)
        for index in 0..<10 {
            try stream.spawn(name: "job-\(index)") {
                if index % 3 == 0 { throw Boom() }
                return index
            }
        }
        stream.finish()
        var names: [String] = []
        var failures = 0
        for await outcome in stream {
            names.append(outcome.taskName)
            if outcome.error != nil { failures += 1 }
        }
        #expect(names.sorted() == (0..<10).map { "job-\($0)" }.sorted())
        #expect(failures == 4)
    }

    @Test func consumerLeavingCancelsPendingTasks() async throws {
        let root = TaskScope.root(clock: TestClock())
        let stream = root.outcomes(of: Int.self)
        try stream.spawn(name: "quick") { 1 }
        try stream.spawn(name: "forever") { @Sendable () async throws -> Int in
            await suspendUntilCancelled()
            try Task.checkCancellation()
            return 2
        }
        stream.finish()
        for await outcome in stream {
            #expect(outcome.taskName == "quick")
            break
        }
        stream.cancelAll()
        await root.waitForIdle()
        #expect(root.snapshot().cancelled == 1)
    }
}

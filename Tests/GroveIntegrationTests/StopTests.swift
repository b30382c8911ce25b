import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `SIGTERM`, `SIGINT` and the death of the master, against the real binary.
@Suite("grove serve: stopping")
struct StopTests {
    @Test("SIGTERM while /lab/sleep is in flight: it completes, the master exits 0 before the deadline")
    func gracefulStopFinishesInFlightRequest() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "3"])
        defer { grove.terminate() }
        let probe = try HTTPProbe(port: port)
        try probe.sendGet("/lab/sleep?ms=500")
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        grove.send(SIGTERM)
        let response = try await probe.response()
        #expect(response.status == 200)
        #expect(response.body == "slept 500 ms\n")
        let code = try await grove.waitForExit(timeout: .seconds(8))
        let elapsed = milliseconds(since: start)
        print("graceful stop: master exited \(code) after \(Int(elapsed)) ms (deadline 3000 ms)")
        #expect(code == 0, "\(grove.transcript)")
        // The master's hard deadline: the graceful timeout plus its 1 s kill margin.
        #expect(elapsed < 4000)
        #expect(grove.lines.contains { $0.contains("2 worker(s), 2 clean, 0 forced") })
    }

    @Test("SIGTERM closes idle keep-alive connections at once")
    func idleKeepAliveClosedQuickly() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "2"])
        defer { grove.terminate() }
        let probes = try (0..<4).map { _ in try HTTPProbe(port: port) }
        for probe in probes {
            try probe.sendGet("/")
            #expect(try await probe.response().status == 200)
        }
        // Idle for longer than the HTTP layer's drain grace (100 ms: a connection that just
        // finished a response may have the next request on the wire), so the figure measures
        // the stop path: master signal → control message → worker drain → close. The waiting
        // threads are blocked in read before the signal and note the time themselves.
        var start = ContinuousClock.now
        let closes = try await withThrowingTaskGroup(of: ContinuousClock.Instant?.self) { group in
            for probe in probes { group.addTask { try await probe.closedAt() } }
            try await Task.sleep(for: .milliseconds(200))
            start = ContinuousClock.now
            grove.send(SIGTERM)
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(closes.allSatisfy { $0 != nil }, "a connection stayed open")
        let slowest = closes.compactMap { $0 }.map { milliseconds(between: start, and: $0) }.max() ?? .infinity
        print("idle keep-alive connections closed \(Int(slowest)) ms after SIGTERM")
        // About 2 ms alone; more while the rest of `swift test` loads both cores.
        #expect(slowest < 500)
        #expect(try await grove.waitForExit(timeout: .seconds(6)) == 0)
    }

    @Test("kill -9 of the master: the workers drain (an in-flight request completes) and none is left after 1 s")
    func workersDieWithTheirMaster() async throws {
        // The demo's timer services run until their scope's budget is spent, so the workers'
        // own drain is bounded by a short graceful timeout here.
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "0.5"])
        defer { grove.terminate() }
        let workers = grove.workers
        #expect(workers.count == 2)
        let probe = try HTTPProbe(port: port)
        try probe.sendGet("/lab/sleep?ms=300")
        try await Task.sleep(for: .milliseconds(100))
        let killed = ContinuousClock.now
        grove.send(SIGKILL)
        _ = try await grove.waitForExit(timeout: .seconds(2))
        let response = try await probe.response()
        #expect(response.status == 200)
        #expect(response.body == "slept 300 ms\n")
        // 1 s, stretched by GROVE_TEST_TIMEOUT_SCALE for sanitized builds.
        try await Task.sleep(until: killed.advanced(by: TestTimeouts.scaled(.seconds(1))))
        let survivors = workers.filter(ProcessTable.isAlive)
        #expect(survivors.isEmpty, "workers still alive 1 s after the master died: \(survivors)")
    }

    @Test("SIGINT: fast stop")
    func interruptStopsFast() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--graceful-timeout", "30"])
        defer { grove.terminate() }
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
        let start = ContinuousClock.now
        grove.send(SIGINT)
        _ = try await grove.waitForExit(timeout: .seconds(5))
        print("fast stop took \(Int(milliseconds(since: start))) ms")
        #expect(milliseconds(since: start) < 4000)
        #expect(grove.lines.contains { $0.contains("master stopped (SIGINT)") })
    }

    @Test("Ctrl-C to the process group: workers leave it to the master, one coordinated fast stop")
    func interruptToTheGroup() async throws {
        let (grove, _) = try await startGrove(workers: 2, ["--graceful-timeout", "30"])
        defer { grove.terminate() }
        grove.sendToGroup(SIGINT)
        let code = try await grove.waitForExit(timeout: .seconds(5))
        #expect(code == 0, "\(grove.transcript)")
        #expect(grove.lines.contains { $0.contains("2 worker(s), 2 clean, 0 forced") })
        #expect(grove.lines.filter { $0.contains("grove.master") && $0.contains("exited 0 after fast stop (shutdown)") }.count == 2)
    }
}

/// The master's kill at the stop deadline, against the real binary.
@Suite("grove serve: stop deadline")
struct StopDeadlineTests {
    @Test("SIGTERM while a worker cannot drain (SIGSTOP): SIGKILL at the deadline plus margin, forced, exit 1")
    func blockedWorkerIsKilledAtTheDeadline() async throws {
        let (grove, _) = try await startGrove(workers: 1, ["--graceful-timeout", "0.5"])
        defer { grove.terminate() }
        let worker = try #require(grove.workers.first)
        kill(worker, SIGSTOP)
        let start = ContinuousClock.now
        grove.send(SIGTERM)
        let code = try await grove.waitForExit(timeout: .seconds(6))
        print("blocked worker: the master exited \(code) after \(Int(milliseconds(since: start))) ms (deadline 500 ms + 1 s margin)")
        #expect(code == 1, "\(grove.transcript)")
        #expect(milliseconds(since: start) < 3500)
        #expect(grove.lines.contains { $0.contains("forced - killed by SIGKILL after missing the graceful-stop deadline") })
    }
}

import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Worker replacement and crash-loop detection, against the real binary.
@Suite("grove serve: supervision")
struct SupervisionTests {
    @Test("kill -9 of a worker: a new worker replaces it and the port serves")
    func killedWorkerIsReplaced() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "1"])
        defer { grove.terminate() }
        let before = grove.workers
        try #require(before.count == 2)
        kill(before[0], SIGKILL)
        let after = try await waitForWorkers(grove, count: 2, excluding: [before[0]])
        #expect(after.contains(before[1]))
        try await grove.waitForLines(containing: "ready after", count: 3)
        try await expectServing(port: port, requests: 8)
        #expect(grove.lines.contains { $0.contains("worker \(before[0])") && $0.contains("SIGKILL") })
        #expect(grove.exitCode() == nil)
    }

    @Test("/lab/crash hammered: the master gives up and exits non-zero")
    func crashLoopStopsTheMaster() async throws {
        let (grove, port) = try await startGrove(
            workers: 1, ["--enable-lab-faults", "--max-worker-failures", "3", "--graceful-timeout", "1"]
        )
        defer { grove.terminate() }
        let start = ContinuousClock.now
        var attempts = 0
        while grove.exitCode() == nil, ContinuousClock.now - start < .seconds(20) {
            attempts += 1
            _ = try? await HTTPProbe.fetch(port: port, "/lab/crash", timeout: .seconds(1))
            try await Task.sleep(for: .milliseconds(20))
        }
        let code = try await grove.waitForExit(timeout: .seconds(5))
        print("crash loop: the master exited \(code) after \(Int(milliseconds(since: start))) ms and \(attempts) requests")
        #expect(code == 2, "\(grove.transcript)")
        #expect(grove.lines.contains { $0.contains("giving up so the service manager can take over") })
    }
}

/// Health checks and stuck reports, against the real binary.
@Suite("grove serve: health and stuck reports")
struct HealthTests {
    @Test("a worker that stops beating (SIGSTOP): stuck report asked, SIGABRT, then SIGKILL, replaced")
    func silentWorkerIsKilledAndReplaced() async throws {
        // SIGSTOP silences the worker without burning CPU; SIGABRT stays pending on a stopped
        // process, so the escalation goes on to SIGKILL.
        let (grove, port) = try await startGrove(workers: 1, ["--heartbeat-timeout", "1", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let silent = try #require(grove.workers.first)
        kill(silent, SIGSTOP)
        let check = try await grove.waitForLine(containing: "failed a health check (after missing heartbeats")
        #expect(check.contains("worker \(silent)"))
        try await grove.waitForLine(containing: "sending SIGABRT", timeout: .seconds(5))
        try await grove.waitForLine(containing: "survived SIGABRT: sending SIGKILL", timeout: .seconds(5))
        try await waitForWorkers(grove, count: 1, excluding: [silent])
        try await grove.waitForLines(containing: "ready after", count: 2)
        try await expectServing(port: port, requests: 2)
        #expect(grove.lines.contains { $0.contains("worker \(silent)") && $0.contains("killed by SIGKILL after missing heartbeats") })
    }

    @Test("a worker reporting a loop lag over the limit: its snapshot is logged, then SIGABRT, replaced")
    func laggingWorkerIsKilledAndReplaced() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--loop-lag-timeout", "0.8", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let lagging = try #require(grove.workers.first)
        let probe = try HTTPProbe(port: port)
        // Blocked 2 s: the next heartbeat is at least 1 s late, whatever its phase.
        try probe.sendGet("/lab/cpu?ms=2000")
        #expect(try await probe.response().status == 200)
        let check = try await grove.waitForLine(containing: "failed a health check (after an event-loop lag of")
        #expect(check.contains("worker \(lagging)"))
        // The worker is responsive again, so it answers the snapshot request (its stuck report).
        let report = try await grove.waitForLine(containing: "stuck report: {")
        #expect(report.contains("root/apps") || report.contains("root\\/apps"))
        try await waitForWorkers(grove, count: 1, excluding: [lagging])
        try await grove.waitForLines(containing: "ready after", count: 2)
        try await expectServing(port: port, requests: 2)
    }

    @Test("SIGTERM with a request that ignores cancellation: stuck task by scope path, exit 1")
    func stuckRequestIsReported() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--enable-lab-faults", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let probe = try HTTPProbe(port: port, timeout: .seconds(4))
        try probe.sendGet("/lab/ignore-cancel?ms=3000")
        try await Task.sleep(for: .milliseconds(150))
        grove.send(SIGTERM)
        let code = try await grove.waitForExit(timeout: .seconds(6))
        #expect(code == 1, "\(grove.transcript)")
        let stuckLine = try #require(grove.lines.first { $0.contains("stuck: ") }, "\(grove.transcript)")
        #expect(stuckLine.contains("root/apps/lab/handlers"))
        #expect(stuckLine.contains("GET /ignore-cancel"))
        #expect(grove.lines.contains { $0.contains("0 clean, 1 forced or failed; exit code 1") })
    }
}

/// Recycling after a number of requests, against the real binary.
@Suite("grove serve: recycling")
struct RecyclingTests {
    @Test("--max-requests: a worker past its quota gets a successor, no request fails")
    func workerIsRecycled() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--max-requests", "10", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let first = try #require(grove.workers.first)
        try await expectServing(port: port, requests: 12)
        // The quota is checked at the next heartbeat (every second).
        try await grove.waitForLine(containing: "recycling it", timeout: .seconds(5))
        try await waitForWorkers(grove, count: 1, excluding: [first])
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
        let exit = try await grove.waitForLine(containing: "exited 0 after graceful stop (recycling)")
        #expect(exit.contains("worker \(first)"))
    }
}

import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `/ready`, `/live` and `--drain-delay` against the real binary.
@Suite("grove serve: readiness, liveness and the drain delay")
struct ReadinessTests {
    @Test("SIGTERM with a drain delay: /ready 503 while / and /live still 200, then connections are refused")
    func readinessTurnsUnavailableBeforeListenersClose() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--drain-delay", "1.5", "--graceful-timeout", "5"])
        defer { grove.terminate() }
        #expect(try await HTTPProbe.fetch(port: port, "/ready").status == 200)
        #expect(try await HTTPProbe.fetch(port: port, "/live").status == 200)
        let signalled = ContinuousClock.now
        grove.send(SIGTERM)
        // Both workers stop announcing readiness (fresh connections land on either).
        try await pollUntil("/ready answering 503 on every worker", timeout: .seconds(3)) { () -> Bool? in
            let statuses = try (0..<6).map { _ in try HTTPProbe.get(port: port, "/ready").status }
            return statuses.allSatisfy { $0 == 503 } ? true : nil
        }
        let readinessOff = milliseconds(since: signalled)
        // Still accepting and serving everything else during the delay.
        for path in ["/", "/live", "/"] {
            #expect(try await HTTPProbe.fetch(port: port, path).status == 200, "\(path) during the drain delay")
        }
        let servedUntil = milliseconds(since: signalled)
        let refusedAt = try await pollUntil("connections refused", timeout: .seconds(5)) { () -> Double? in
            (try? HTTPProbe(port: port, timeout: .milliseconds(200))) == nil ? milliseconds(since: signalled) : nil
        }
        print("drain delay 1.5 s: readiness 503 after \(Int(readinessOff)) ms, still served at \(Int(servedUntil)) ms, "
              + "refused after \(Int(refusedAt)) ms")
        #expect(readinessOff < 1500)
        #expect(servedUntil < 1500, "the checks during the delay ran too late to mean anything")
        #expect(refusedAt >= 1400, "listeners closed before the drain delay was over")
        #expect(try await grove.waitForExit(timeout: .seconds(8)) == 0, "\(grove.transcript)")
    }

    @Test("a second SIGTERM during the drain delay stops fast without waiting the delay out")
    func secondTerminateCutsTheDelay() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--drain-delay", "4", "--graceful-timeout", "8"])
        defer { grove.terminate() }
        grove.send(SIGTERM)
        try await pollUntil("/ready answering 503", timeout: .seconds(3)) { () -> Bool? in
            try HTTPProbe.get(port: port, "/ready").status == 503 ? true : nil
        }
        let start = ContinuousClock.now
        grove.send(SIGTERM)
        let code = try await grove.waitForExit(timeout: .seconds(6))
        let elapsed = milliseconds(since: start)
        print("second SIGTERM during a 4 s drain delay: the master exited \(code) after \(Int(elapsed)) ms")
        #expect(code == 0, "\(grove.transcript)")
        #expect(elapsed < 3000)
    }

    @Test("SIGHUP with a drain delay: the new generation answers /ready 200 throughout; the old one skips the delay")
    func reloadKeepsReadiness() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--drain-delay", "3", "--graceful-timeout", "6"])
        defer { grove.terminate() }
        let old = grove.workers
        grove.send(SIGHUP)
        try await grove.waitForLine(containing: "draining generation 1")
        var statuses: [Int] = []
        for _ in 0..<10 { statuses.append(try await HTTPProbe.fetch(port: port, "/ready").status) }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        // Old workers drain at once instead of waiting 3 s.
        let start = ContinuousClock.now
        try await pollUntil("the old generation gone", timeout: .seconds(2.5)) { () -> Bool? in
            old.allSatisfy { !ProcessTable.isAlive($0) } ? true : nil
        }
        print("reload: old generation gone \(Int(milliseconds(since: start))) ms after it started draining")
        #expect(!grove.lines.contains { $0.contains("drain delay") }, "\(grove.transcript)")
    }

    @Test("empty --readiness-path and --liveness-path turn the probes off")
    func probesOff() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--readiness-path", "", "--liveness-path", ""])
        defer { grove.terminate() }
        #expect(try await HTTPProbe.fetch(port: port, "/ready").status == 404)
        #expect(try await HTTPProbe.fetch(port: port, "/live").status == 404)
    }

    @Test("--drain-delay not shorter than --graceful-timeout: a clear error, nothing started")
    func drainDelayRefused() async throws {
        let grove = try GroveProcess(serve: ["--drain-delay", "10", "--graceful-timeout", "10", "--bind", "127.0.0.1:1"])
        defer { grove.terminate() }
        #expect(try await grove.waitForExit(timeout: .seconds(10)) != 0)
        // The output is read by another thread: wait for it rather than race the exit.
        let message = try await grove.waitForLine(containing: "must be shorter than --graceful-timeout", timeout: .seconds(5))
        #expect(message.contains("--drain-delay"))
    }
}

import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `SIGTTIN`/`SIGTTOU` and `SIGHUP`, against the real binary.
@Suite("grove serve: scaling and reload")
struct ScalingAndReloadTests {
    @Test("SIGTTIN adds a worker, SIGTTOU removes one")
    func ttinAndTtouChangeTheWorkerCount() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--graceful-timeout", "1"])
        defer { grove.terminate() }
        #expect(grove.workers.count == 1)
        grove.send(SIGTTIN)
        _ = try await poll("2 workers", timeout: .seconds(10)) { grove.workers.count == 2 ? true : nil }
        grove.send(SIGTTIN)
        _ = try await poll("3 workers", timeout: .seconds(10)) { grove.workers.count == 3 ? true : nil }
        try await grove.waitForLines(containing: "ready after", count: 3)
        grove.send(SIGTTOU)
        _ = try await poll("2 workers after SIGTTOU", timeout: .seconds(10)) { grove.workers.count == 2 ? true : nil }
        try await grove.waitForLine(containing: "slot 2 removed")
        for _ in 0..<6 {
            #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
        }
        #expect(grove.exitCode() == nil)
    }

    @Test("SIGHUP with a bad configuration keeps serving; with a good one, a new generation takes over")
    func reload() async throws {
        let path = "/tmp/grove-reload-\(getpid())-\(Int.random(in: 0..<1_000_000)).conf"
        try writeFile(path, "# grove test configuration\n")
        defer { unlink(path) }
        let (grove, port) = try await startGrove(workers: 2, ["--config", path, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let first = grove.workers
        try #require(first.count == 2)

        unlink(path)
        grove.send(SIGHUP)
        let refusal = try await grove.waitForLine(containing: "reload refused")
        #expect(refusal.contains(path))
        #expect(grove.workers == first)
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)

        try writeFile(path, "# grove test configuration, fixed\n")
        grove.send(SIGHUP)
        try await grove.waitForLine(containing: "generation 2 ready on every slot")
        let second = try await poll("the old generation to exit", timeout: .seconds(10)) { () -> [pid_t]? in
            let now = grove.workers
            return now.count == 2 && Set(now).isDisjoint(with: first) ? now : nil
        }
        #expect(second.count == 2)
        for _ in 0..<6 {
            #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
        }
        #expect(grove.exitCode() == nil)
    }

    @Test("SIGHUP under load: no request fails, keep-alive clients included")
    func reloadUnderLoadLosesNothing() async throws {
        let path = "/tmp/grove-reload-load-\(getpid())-\(Int.random(in: 0..<1_000_000)).conf"
        try writeFile(path, "# grove test configuration\n")
        defer { unlink(path) }
        let (grove, port) = try await startGrove(workers: 2, ["--config", path, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let first = grove.workers
        let traffic = Traffic()
        async let fresh: Void = traffic.freshConnections(port: port)
        async let kept: Void = traffic.keepAlive(port: port)
        try await Task.sleep(for: .milliseconds(300))
        grove.send(SIGHUP)
        try await grove.waitForLine(containing: "generation 2 ready on every slot")
        try await poll("the old generation to exit", timeout: .seconds(10)) {
            Set(grove.workers).isDisjoint(with: first) ? true : nil
        }
        try await Task.sleep(for: .milliseconds(300))
        traffic.stop()
        _ = try await (fresh, kept)
        print("reload under load: \(traffic.answeredCount) requests answered, \(traffic.failureList.count) failed")
        #expect(traffic.failureList.isEmpty, "\(traffic.failureList.prefix(5))")
        #expect(traffic.answeredCount > 20)
    }
}

/// Writes `text` to `path` (created or truncated).
func writeFile(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ProcessError("open \(path): errno \(errno)") }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard write(fd, bytes, bytes.count) == bytes.count else { throw ProcessError("write \(path): errno \(errno)") }
}

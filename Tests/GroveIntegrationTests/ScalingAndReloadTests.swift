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
        try await waitForWorkers(grove, count: 2)
        grove.send(SIGTTIN)
        try await waitForWorkers(grove, count: 3)
        try await grove.waitForLines(containing: "ready after", count: 3)
        grove.send(SIGTTOU)
        try await waitForWorkers(grove, count: 2)
        try await grove.waitForLine(containing: "slot 2 removed")
        try await expectServing(port: port, requests: 6)
        #expect(grove.exitCode() == nil)
    }

    @Test("SIGHUP with a bad configuration keeps serving; with a good one, a new generation takes over")
    func reload() async throws {
        let path = try temporaryConfigFile()
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
        try await waitForWorkers(grove, count: 2, excluding: first)
        try await expectServing(port: port, requests: 6)
        #expect(grove.exitCode() == nil)
    }

    @Test("SIGHUP under load: no request fails, keep-alive clients included")
    func reloadUnderLoadLosesNothing() async throws {
        let path = try temporaryConfigFile()
        defer { unlink(path) }
        let (grove, port) = try await startGrove(workers: 2, ["--config", path, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let first = grove.workers
        let traffic = try await Traffic.during(port: port) {
            grove.send(SIGHUP)
            try await grove.waitForLine(containing: "generation 2 ready on every slot")
            try await waitForWorkers(grove, count: 2, excluding: first)
        }
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

/// The shared-socket layout, against the real binary.
@Suite("grove serve: shared socket")
struct SharedSocketTests {
    @Test("--shared-socket: one socket for every worker, respawn and SIGTTIN still serve")
    func sharedSocketServes() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--shared-socket", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        #expect(grove.lines.contains { $0.contains("1 socket(s) 127.0.0.1:\(port), shared") })
        try await expectServing(port: port)
        let before = grove.workers
        kill(before[0], SIGKILL)
        try await waitForWorkers(grove, count: 2, excluding: [before[0]])
        grove.send(SIGTTIN)
        try await waitForWorkers(grove, count: 3)
        try await grove.waitForLines(containing: "ready after", count: 4)
        try await expectServing(port: port)
    }
}

import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `SIGUSR2`: the binary upgrade, against the real binary.
@Suite("grove serve: binary upgrade")
struct UpgradeTests {
    @Test("SIGUSR2: a new master takes over the sockets, the old one drains and exits 0, no request fails",
          arguments: [[], ["--shared-socket"]])
    func upgradeHandsOver(layout: [String]) async throws {
        let pidFile = "/tmp/grove-upgrade-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).pid"
        defer { unlink(pidFile) }
        let (grove, port) = try await startGrove(workers: 2, ["--pid-file", pidFile, "--graceful-timeout", "1"] + layout)
        defer { grove.terminate() }
        let oldWorkers = grove.workers
        var newMaster: pid_t = 0
        var code: Int32 = -1
        defer { if newMaster > 0 { ProcessTable.killTree(newMaster) } }
        let traffic = try await Traffic.during(port: port) {
            grove.send(SIGUSR2)
            let started = try await grove.waitForLine(containing: "upgrade: started the new master")
            newMaster = try #require(pid_t(started.split(separator: " ").first { pid_t($0) != nil } ?? ""))
            code = try await grove.waitForExit(timeout: .seconds(10))
        }
        print("upgrade under load: \(traffic.answeredCount) requests answered, \(traffic.failureList.count) failed")
        #expect(code == 0, "\(grove.transcript)")
        #expect(traffic.failureList.isEmpty, "\(traffic.failureList.prefix(5))")
        #expect(try readFile(pidFile) == "\(newMaster)\n")
        let newWorkers = ProcessTable.children(of: newMaster)
        #expect(newWorkers.count == 2)
        #expect(Set(newWorkers).isDisjoint(with: oldWorkers))
        try await expectServing(port: port, requests: 4)
    }

    @Test("SIGUSR2 when the new binary cannot start: the old master keeps serving and its pid file")
    func failedUpgradeKeepsServing() async throws {
        let pidFile = "/tmp/grove-upgrade-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).pid"
        defer { unlink(pidFile) }
        let config = try temporaryConfigFile()
        defer { unlink(config) }
        let (grove, port) = try await startGrove(workers: 1, ["--pid-file", pidFile, "--config", config, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let workers = grove.workers
        unlink(config)  // the new master refuses to start without its configuration file
        grove.send(SIGUSR2)
        let failure = try await grove.waitForLine(containing: "binary upgrade failed")
        #expect(failure.contains("before it was ready"))
        #expect(grove.exitCode() == nil)
        #expect(grove.workers == workers)
        #expect(try readFile(pidFile) == "\(grove.pid)\n")
        try await expectServing(port: port, requests: 4)
    }
}

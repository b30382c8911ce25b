import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--user`/`--group` and the pid file, against the real binary.
@Suite("grove serve: privileges and pid file")
struct PrivilegeTests {
    @Test("--user/--group: workers drop to them, the master keeps its ids", .enabled(if: getuid() == 0))
    func workersDropPrivileges() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--user", "65534", "--group", "65534", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        for worker in grove.workers {
            #expect(ProcessTable.ids(of: worker) == ProcessIDs(uid: 65534, gid: 65534), "worker \(worker)")
        }
        #expect(ProcessTable.ids(of: grove.pid) == ProcessIDs(uid: 0, gid: 0))
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
    }

    @Test("--pid-file: written with the master's pid, removed at exit")
    func pidFileLifecycle() async throws {
        let path = "/tmp/grove-test-\(getpid())-\(Int.random(in: 0..<1_000_000)).pid"
        defer { unlink(path) }
        let (grove, _) = try await startGrove(workers: 1, ["--pid-file", path, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        #expect(try readFile(path) == "\(grove.pid)\n")
        grove.send(SIGINT)
        _ = try await grove.waitForExit(timeout: .seconds(5))
        #expect(access(path, F_OK) != 0, "the pid file is still there")
    }
}

/// Real user and group ids of a process.
struct ProcessIDs: Equatable {
    var uid: UInt32
    var gid: UInt32
}

extension ProcessTable {
    /// The real uid and gid of `pid`, from the `Uid:` and `Gid:` lines of `/proc/PID/status`.
    static func ids(of pid: pid_t) -> ProcessIDs? {
        guard let text = try? readFile("/proc/\(pid)/status") else { return nil }
        func first(_ key: String) -> UInt32? {
            text.split(separator: "\n").first { $0.hasPrefix(key) }
                .flatMap { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first }
                .flatMap { UInt32($0) }
        }
        guard let uid = first("Uid:"), let gid = first("Gid:") else { return nil }
        return ProcessIDs(uid: uid, gid: gid)
    }
}

/// The whole content of a (small) file.
func readFile(_ path: String) throws -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ProcessError("open \(path): errno \(errno)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &chunk, chunk.count)
        guard count > 0 else { break }
        bytes += chunk.prefix(count)
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Socket activation, against the real binary.
@Suite("grove serve: systemd sockets")
struct SystemdSocketTests {
    @Test("LISTEN_FDS: the master adopts the socket, every worker serves it, SIGTTIN still works")
    func adoptsSystemdSocket() async throws {
        let (fd, port) = try loopbackListener()
        await GroveLimiter.shared.acquire()
        let grove: GroveProcess
        do {
            grove = try GroveProcess(serve: ["--workers", "2", "--graceful-timeout", "1"], systemdSocket: fd,
                                     limiter: GroveLimiter.shared)
        } catch {
            GroveLimiter.shared.release()
            close(fd)
            throw error
        }
        close(fd)
        defer { grove.terminate() }
        try await grove.waitForLine(containing: "ready: running")
        #expect(grove.lines.contains { $0.contains("1 socket(s) from systemd, shared") })
        try await expectServing(port: port, requests: 6)
        grove.send(SIGTTIN)
        try await waitForWorkers(grove, count: 3)
        try await grove.waitForLines(containing: "ready after", count: 3)
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
    }
}

import GroveLoop
import Testing
@testable import Grove
@testable import GroveMaster

#if canImport(Glibc)
import Glibc
#endif

@Suite("Control socket path")
struct ControlSocketPathTests {
    @Test("default: XDG_RUNTIME_DIR, else /run for root, else /tmp per uid")
    func defaults() {
        #expect(ControlSocketPath.defaultPath(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], uid: 1000) == "/run/user/1000/grove/grove.sock")
        #expect(ControlSocketPath.defaultPath(environment: [:], uid: 0) == "/run/grove/grove.sock")
        #expect(ControlSocketPath.defaultPath(environment: ["XDG_RUNTIME_DIR": ""], uid: 1000) == "/tmp/grove-1000/grove.sock")
    }

    func temporaryDirectory() -> String {
        var template = Array("/tmp/grove-ctl-unit-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    @Test("missing directories are made 0700; a directory others can write to is refused")
    func directories() throws {
        let base = temporaryDirectory()
        defer { rmdir(base + "/a/b"); rmdir(base + "/a"); rmdir(base + "/open"); rmdir(base) }
        try ControlSocketPath.prepareDirectory(of: base + "/a/b/grove.sock")
        var info = stat()
        #expect(stat(base + "/a/b", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        mkdir(base + "/open", 0o777)
        chmod(base + "/open", 0o777)
        #expect(throws: ControlSocketError.self) { try ControlSocketPath.prepareDirectory(of: base + "/open/grove.sock") }
    }

    @Test("a socket something listens on is live; one nobody listens on is stale; a file is in the way")
    func occupants() throws {
        let base = temporaryDirectory()
        let path = base + "/grove.sock"
        defer { unlink(path); unlink(base + "/file"); rmdir(base) }
        #expect(ControlSocketPath.occupant(of: path) == .none)
        let fd = try ListeningSocket.unix(path: path)
        #expect(ControlSocketPath.occupant(of: path) == .liveSocket)
        close(fd)
        #expect(ControlSocketPath.occupant(of: path) == .staleSocket)
        close(open(base + "/file", O_CREAT | O_WRONLY, 0o600))
        #expect(ControlSocketPath.occupant(of: base + "/file") == .notASocket)
    }

    @Test("the ctl client names a missing master clearly")
    func clientWithoutMaster() {
        #expect {
            _ = try ControlClient.send(.init(command: "status"), to: "/tmp/grove-no-such-dir/none.sock", timeout: .seconds(1))
        } throws: { error in
            "\(error)".contains("no Grove master is listening on /tmp/grove-no-such-dir/none.sock")
        }
    }

    @Test("tables: the status columns and the indented tree with its tasks")
    func tables() throws {
        let status = StatusReport(
            master: .init(pid: 1, uptimeSeconds: 75, state: "running", generation: 2, reloads: 1, failedReloads: 0, slots: 1),
            workers: [.init(slot: 0, pid: 20, generation: 2, ageSeconds: 0.5, state: "ready", requestsServed: 9, inFlight: 1,
                            activeConnections: 2, loopLagMilliseconds: 1.25, restarts: 3, lastExitReason: "crashed: SIGSEGV")]
        )
        let text = ControlTables.status(status)
        #expect(text.hasPrefix("master 1: running, generation 2, up 1m15s, 1 slot(s), 1 reload(s)\n"))
        #expect(text.contains("SLOT  PID  GEN  AGE    STATE  REQUESTS  IN-FLIGHT  CONNS  LAG    RESTARTS  LAST EXIT"))
        #expect(text.contains("0     20   2    500ms  ready  9         1          2      1.2ms  3         crashed: SIGSEGV"))
        let leaf = ScopeNode(name: "handlers", path: "root/handlers", phase: "graceful", active: 1, spawned: 1, succeeded: 0, failed: 0,
                             cancelled: 0, stuck: 0, drainSeconds: nil,
                             tasks: [ScopeTask(taskName: "GET /sleep", taskID: 1, ageSeconds: 2, worker: 20)], children: [])
        let root = ScopeNode(name: "root", path: "root", phase: "drainingChildren", active: 0, spawned: 0, succeeded: 0, failed: 0,
                             cancelled: 0, stuck: 0, drainSeconds: nil, tasks: nil, children: [leaf])
        let tree = ControlTables.tree(TreeReport(workers: [WorkerTree(pid: 20, slot: 0, generation: 2, tree: root)], merged: root,
                                                 missing: [MissingWorker(pid: 21, slot: 1, reason: "did not answer in time")]), perWorker: false)
        #expect(tree.contains("  handlers  graceful"))
        #expect(tree.contains("    · GET /sleep (2.0s) [worker 20]"))
        #expect(tree.contains("missing: worker 21 (slot 1): did not answer in time"))
    }
}

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The built `grove` binary started with `posix_spawn` (the test process is never forked),
/// its stdout and stderr collected line by line on a thread of its own. ``terminate()`` kills
/// the master and every worker by PID.
final class GroveProcess: @unchecked Sendable {
    /// The master's pid.
    let pid: pid_t
    private let output = Mutex<[String]>([])
    private let exitStatus = Mutex<Int32?>(nil)
    private var reader = pthread_t()
    private let limiter: GroveLimiter?

    /// `.build/<config>/grove`, next to the test bundle.
    static var executable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer.prefix(max(0, length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var components = path.split(separator: "/", omittingEmptySubsequences: false)
        while let last = components.last, !last.hasSuffix(".xctest"), components.count > 1 { components.removeLast() }
        return components.dropLast().joined(separator: "/") + "/grove"
    }

    /// Starts `grove serve ARGUMENTS` with a clean signal state (test threads block signals and
    /// a spawned process inherits the mask). With `systemdSocket`, that descriptor is passed as
    /// fd 3 the way systemd socket activation does (through `/bin/sh`, which sets `LISTEN_PID`
    /// to its own pid and then `exec`s grove, keeping that pid).
    ///
    /// With `limiter`, the place acquired before is given back by ``terminate()``.
    init(serve arguments: [String], systemdSocket: Int32? = nil, limiter: GroveLimiter? = nil) throws {
        self.limiter = limiter
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw ProcessError("socketpair: errno \(errno)")
        }
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_adddup2(&files, pair[1], 1)
        posix_spawn_file_actions_adddup2(&files, pair[1], 2)
        if let systemdSocket { posix_spawn_file_actions_adddup2(&files, systemdSocket, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        var full = sigset_t()
        sigemptyset(&empty)
        sigfillset(&full)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &full)
        // A process group of its own, like a shell job: a signal to the group (a terminal's
        // Ctrl-C) reaches the master and its workers, never the test process.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let grove = Self.executable
        let path = systemdSocket == nil ? grove : "/bin/sh"
        let command = systemdSocket == nil
            ? [grove, "serve"] + arguments
            : ["/bin/sh", "-c", "LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" serve \"$@\"", grove] + arguments
        let argv = command.map { strdup($0) } + [nil]
        // The crashes and SIGABRTs the tests provoke would each run Swift's backtracer (a
        // fraction of a second of CPU): not needed here, and it loads the other suites.
        let envp = (Self.environment + ["SWIFT_BACKTRACE=enable=no"]).map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let status = posix_spawn(&child, path, &files, &attributes, argv, envp)
        close(pair[1])
        guard status == 0 else {
            close(pair[0])
            throw ProcessError("posix_spawn \(path): \(status)")
        }
        pid = child
        // Lower priority, so the servers (and the workers they fork, which inherit it) yield the
        // CPU to the suites that run beside this one in `swift test`.
        setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(child), 10)
        let context = Unmanaged.passRetained(ReaderContext(fd: pair[0], process: self)).toOpaque()
        pthread_create(&reader, nil, { raw in
            Unmanaged<ReaderContext>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, context)
    }

    /// This process's environment, without `SWIFT_BACKTRACE`.
    private static var environment: [String] {
        var entries: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if !text.hasPrefix("SWIFT_BACKTRACE=") { entries.append(text) }
            entry += 1
        }
        return entries
    }

    /// Every line printed so far (stdout and stderr interleaved).
    var lines: [String] { output.withLock { $0 } }

    fileprivate func append(_ line: String) { output.withLock { $0.append(line) } }

    /// Waits (bounded) for a line containing `text`; returns it.
    @discardableResult
    func waitForLine(containing text: String, timeout: Duration = .seconds(10)) async throws -> String {
        try await poll("a line containing '\(text)'", timeout: timeout) { self.lines.first { $0.contains(text) } }
    }

    /// Waits (bounded) until `count` lines contain `text`.
    func waitForLines(containing text: String, count: Int, timeout: Duration = .seconds(10)) async throws {
        _ = try await poll("\(count) lines containing '\(text)'", timeout: timeout) {
            self.lines.filter { $0.contains(text) }.count >= count ? true : nil
        }
    }

    /// Sends `signal` to the master.
    func send(_ signal: Int32) { kill(pid, signal) }

    /// Sends `signal` to the master's whole process group (as a terminal does on Ctrl-C).
    func sendToGroup(_ signal: Int32) { kill(-pid, signal) }

    /// The master's exit status once it exited (reaped here), or nil while it runs.
    func exitCode() -> Int32? {
        if let status = exitStatus.withLock({ $0 }) { return status }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // Exit code, or 128 + signal when killed.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus.withLock { $0 = code }
        return code
    }

    /// Waits (bounded) for the master to exit; returns its exit code (128 + signal if killed).
    func waitForExit(timeout: Duration) async throws -> Int32 {
        try await poll("the exit of master \(pid)", timeout: timeout) { self.exitCode() }
    }

    /// The master's live children (its workers), from `/proc/*/stat`.
    var workers: [pid_t] { ProcessTable.children(of: pid) }

    /// Kills every worker and the master by PID (SIGKILL) and reaps the master.
    func terminate() {
        for worker in workers { kill(worker, SIGKILL) }
        if exitCode() == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus.withLock { $0 = 128 + SIGKILL }
        }
        pthread_join(reader, nil)
        limiter?.release()
    }

    /// The collected output, for failure messages.
    var transcript: String { lines.joined(separator: "\n") }
}

/// Reads a process's output into its line list until EOF.
private final class ReaderContext {
    let fd: Int32
    let process: GroveProcess

    init(fd: Int32, process: GroveProcess) {
        self.fd = fd
        self.process = process
    }

    func run() {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            pending += chunk.prefix(count)
            while let newline = pending.firstIndex(of: 10) {
                process.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        close(fd)
    }
}

/// A failure of the test harness itself.
struct ProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `probe` every 10 ms until it returns a value; throws after `timeout`.
@discardableResult
func poll<T>(_ what: String, timeout: Duration, _ probe: () throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if let value = try probe() { return value }
        guard ContinuousClock.now < deadline else { throw ProcessError("timed out after \(timeout) waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

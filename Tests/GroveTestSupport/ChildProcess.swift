import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How ``ChildProcess`` starts a process.
public struct SpawnOptions: Sendable {
    /// Collect stderr with stdout (interleaved), not just stdout.
    public var captureStderr = false
    /// Start the process in a process group of its own (like a shell job), so a signal to
    /// the group reaches it and its children, never the test process.
    public var ownProcessGroup = false
    /// Descriptors to pass at fixed numbers: `(source, target)` pairs, e.g. `(socket, 3)`.
    public var passedDescriptors: [(source: Int32, target: Int32)] = []
    /// The environment; nil passes the test process's own.
    public var environment: [String]?
    /// A niceness for the process (and the children it forks), so that servers started by one
    /// suite yield the CPU to the suites running beside it.
    public var niceness: Int32?

    /// The defaults: stdout only, same process group and environment.
    public init() {}
}

/// A helper executable started with `posix_spawn` (never `fork` of the test process), with a
/// clean signal state, whose output is collected line by line on a thread of its own. Killed
/// by PID when stopped.
public final class ChildProcess: @unchecked Sendable {
    /// The process id.
    public let pid: pid_t
    private let lines = Locked<[String]>([])
    private let exitStatus = Locked<Int32?>(nil)
    private let reader: PlainThread

    /// The path of an executable built next to the test bundle (`.build/<config>/NAME`).
    public static func builtExecutable(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me = String(decoding: buffer.prefix(max(0, length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var parts = me.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, !last.hasSuffix(".xctest"), parts.count > 1 { parts.removeLast() }
        parts.removeLast()  // the .xctest bundle (a file on Linux)
        return parts.joined(separator: "/") + "/" + name
    }

    /// This process's environment, as `NAME=value` entries.
    public static var currentEnvironment: [String] {
        var entries: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            entries.append(String(cString: pointer))
            entry += 1
        }
        return entries
    }

    /// Starts `path` with `arguments` (`argv[0]` is `path`).
    public init(_ path: String, _ arguments: [String], options: SpawnOptions = SpawnOptions()) throws {
        // Close-on-exec from the start, so that processes spawned concurrently by other tests
        // do not inherit our end and keep it open.
        var fds: [Int32] = [-1, -1]
        let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        guard made == 0 else { throw SpawnError(what: "socketpair", code: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        if options.captureStderr { posix_spawn_file_actions_adddup2(&actions, fds[1], 2) }
        for passed in options.passedDescriptors { posix_spawn_file_actions_adddup2(&actions, passed.source, passed.target) }
        posix_spawn_file_actions_addclose(&actions, fds[0])
        // A clean signal state: nothing blocked, every signal at its default disposition
        // (threads of the test process may block signals, and a child inherits the mask).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        if options.ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = (options.environment ?? Self.currentEnvironment).map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw SpawnError(what: "posix_spawn \(path)", code: status)
        }
        self.pid = pid
        if let niceness = options.niceness {
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(pid), niceness)
        }
        let readFD = fds[0]
        let lines = self.lines
        reader = try PlainThread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 8192)
            while true {
                let count = read(readFD, &chunk, chunk.count)
                if count <= 0 { break }
                pending += chunk.prefix(count)
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    lines.withLock { $0.append(line) }
                }
            }
            close(readFD)
        }
    }

    /// Every line printed so far.
    public var output: [String] { lines.value }

    /// True once the output reached end of file: every process holding the pipe (the child and
    /// whatever it started) closed it, and every line is in ``output``.
    public var isOutputComplete: Bool { reader.isFinished }

    /// Waits (polling, bounded by `timeout`) for a line starting with `prefix` and returns it.
    public func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(10)) async throws -> String {
        try await pollUntil("a line starting with '\(prefix)' (got \(lines.value))", timeout: timeout) {
            self.lines.value.first { $0.hasPrefix(prefix) }
        }
    }

    /// Waits (polling, bounded by `timeout`) for a line containing `text` and returns it.
    public func waitForLine(containing text: String, timeout: Duration = .seconds(10)) async throws -> String {
        try await pollUntil("a line containing '\(text)'", timeout: timeout) {
            self.lines.value.first { $0.contains(text) }
        }
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { Glibc.kill(pid, signal) }

    /// The exit code once the process exited (reaped here; 128 + signal when killed), or nil
    /// while it runs.
    public func exitCode() -> Int32? {
        if let code = exitStatus.value { return code }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let code = Self.code(of: status)
        exitStatus.withLock { $0 = code }
        return code
    }

    /// Kills the process (SIGKILL) unless it already exited, reaps it and stops reading.
    public func kill() {
        if exitCode() == nil {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            exitStatus.withLock { $0 = Self.code(of: status) }
        }
        reader.join()
    }

    private static func code(of status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// Starting a helper process failed.
public struct SpawnError: Error {
    /// What failed.
    public let what: String
    /// The error number.
    public let code: Int32
}

/// A bounded wait ran out.
public struct WaitTimedOut: Error, CustomStringConvertible {
    /// What was awaited.
    public let what: String
    /// The bound.
    public let limit: Duration
    /// Makes the error.
    public init(what: String, limit: Duration) {
        self.what = what
        self.limit = limit
    }
    /// `"<what> did not finish within <limit>"`.
    public var description: String { "\(what) did not finish within \(limit)" }
}

/// Polls `probe` every 10 ms until it returns a value; throws ``WaitTimedOut`` after `timeout`
/// (times ``TestTimeouts/scale``).
@discardableResult
public func pollUntil<T>(_ what: String, timeout stated: Duration, _ probe: () throws -> T?) async throws -> T {
    let timeout = TestTimeouts.scaled(stated)
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while true {
        if let value = try probe() { return value }
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: what, limit: timeout) }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// Reads `fd` (a blocking socket) until the peer closes it, an error, or the socket's own
/// receive timeout; what arrived, as UTF-8 text.
public func readUntilClosed(fd: Int32) -> String {
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &chunk, chunk.count)
        if count <= 0 { break }
        received += chunk.prefix(count)
    }
    return String(decoding: received, as: UTF8.self)
}

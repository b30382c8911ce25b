import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A helper executable started with `posix_spawn` (never `fork` of the test process), whose
/// stdout is collected line by line on a thread of its own. Killed by PID when stopped.
public final class ChildProcess: @unchecked Sendable {
    /// The process id.
    public let pid: pid_t
    private let lines = Locked<[String]>([])
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

    /// Starts `path` with `arguments`.
    public init(_ path: String, _ arguments: [String]) throws {
        var fds: [Int32] = [-1, -1]
        // Close-on-exec from the start, so that processes spawned concurrently by other tests
        // do not inherit our end and keep it open.
        let made = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        guard made == 0 else { throw SpawnError(what: "socketpair", code: errno) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
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
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw SpawnError(what: "posix_spawn \(path)", code: status)
        }
        self.pid = pid
        let readFD = fds[0]
        let lines = self.lines
        reader = try PlainThread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
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

    /// Waits (polling, bounded by `timeout`) for a line starting with `prefix` and returns it.
    public func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(10)) async throws -> String {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if let line = lines.value.first(where: { $0.hasPrefix(prefix) }) { return line }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw WaitTimedOut(what: "a line starting with '\(prefix)' (got \(lines.value))", limit: timeout)
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) { Glibc.kill(pid, signal) }

    /// Kills the process (SIGKILL) and reaps it.
    public func kill() {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        reader.join()
    }
}

/// Starting a helper process failed.
public struct SpawnError: Error {
    let what: String
    let code: Int32
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

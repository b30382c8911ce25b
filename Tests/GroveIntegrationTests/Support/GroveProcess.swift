import GroveTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The built `grove` binary, `grove serve ARGUMENTS`, started through the shared
/// ``ChildProcess`` (posix_spawn: the test process is never forked) in a process group of its
/// own, with stdout and stderr collected. ``terminate()`` kills the master and every worker
/// by PID.
final class GroveProcess: @unchecked Sendable {
    private let process: ChildProcess
    private let limiter: GroveLimiter?
    /// The control socket made for this server (removed with its directory by ``terminate()``).
    private var ownControlSocket: String?

    /// The master's pid.
    var pid: pid_t { process.pid }

    /// `.build/<config>/grove`, next to the test bundle.
    static var executable: String { ChildProcess.builtExecutable("grove") }

    /// Starts `grove serve ARGUMENTS`. With `systemdSocket`, that descriptor is passed as fd 3
    /// the way systemd socket activation does (through `/bin/sh`, which sets `LISTEN_PID` to its
    /// own pid and then `exec`s grove, keeping that pid).
    ///
    /// With `limiter`, the place acquired before is given back by ``terminate()``. `environment`
    /// entries (`NAME=value`) are added to the test process's environment.
    init(serve arguments: [String], systemdSocket: Int32? = nil, limiter: GroveLimiter? = nil,
         environment: [String] = []) throws {
        self.limiter = limiter
        var options = SpawnOptions()
        options.captureStderr = true
        // A process group of its own, like a shell job: a signal to the group (a terminal's
        // Ctrl-C) reaches the master and its workers, never the test process.
        options.ownProcessGroup = true
        // The crashes and SIGABRTs the tests provoke would each run Swift's backtracer (a
        // fraction of a second of CPU): not needed here, and it loads the other suites.
        options.environment = ChildProcess.currentEnvironment.filter { !$0.hasPrefix("SWIFT_BACKTRACE=") }
            + ["SWIFT_BACKTRACE=enable=no"] + environment
        // Lower priority, so the servers (and the workers they fork, which inherit it) yield the
        // CPU to the suites that run beside this one in `swift test`.
        options.niceness = 10
        let grove = Self.executable
        // Every server of the suite gets its own control socket: the default path is one per
        // user, and a second master refuses a live one.
        var arguments = arguments
        if !arguments.contains("--control-socket") {
            let path = Self.uniqueControlSocketPath()
            ownControlSocket = path
            arguments += ["--control-socket", path]
        }
        // Under a sanitizer every worker runs several times slower beside a busy suite: the
        // master's stuck-worker limits scale like the tests' own waits, unless a test sets them.
        if TestTimeouts.scale > 1 {
            for (option, seconds) in [("--heartbeat-timeout", 10), ("--loop-lag-timeout", 5)] where !arguments.contains(option) {
                arguments += [option, "\(seconds * TestTimeouts.scale)"]
            }
        }
        if let systemdSocket {
            options.passedDescriptors = [(systemdSocket, 3)]
            process = try ChildProcess("/bin/sh", ["-c", "LISTEN_PID=$$ LISTEN_FDS=1 exec \"$0\" serve \"$@\"", grove] + arguments,
                                       options: options)
        } else {
            process = try ChildProcess(grove, ["serve"] + arguments, options: options)
        }
    }

    /// A fresh path for a control socket, in a directory of its own under the temporary directory.
    static func uniqueControlSocketPath() -> String {
        var template = Array("/tmp/grove-test-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) }
        return (directory ?? "/tmp") + "/ctl.sock"
    }

    /// Every line printed so far (stdout and stderr interleaved).
    var lines: [String] { process.output }

    /// Waits (bounded) for a line containing `text`; returns it.
    @discardableResult
    func waitForLine(containing text: String, timeout: Duration = .seconds(10)) async throws -> String {
        try await process.waitForLine(containing: text, timeout: timeout)
    }

    /// Waits (bounded) until `count` lines contain `text`.
    func waitForLines(containing text: String, count: Int, timeout: Duration = .seconds(10)) async throws {
        _ = try await pollUntil("\(count) lines containing '\(text)'", timeout: timeout) {
            self.lines.filter { $0.contains(text) }.count >= count ? true : nil
        }
    }

    /// Sends `signal` to the master.
    func send(_ signal: Int32) { process.send(signal) }

    /// Sends `signal` to the master's whole process group (as a terminal does on Ctrl-C).
    func sendToGroup(_ signal: Int32) { kill(-pid, signal) }

    /// The master's exit status once it exited (reaped here), or nil while it runs.
    func exitCode() -> Int32? { process.exitCode() }

    /// Waits (bounded) for the master to exit; returns its exit code (128 + signal if killed).
    /// Then waits up to 2 s more for its last output lines, which a reader thread collects:
    /// without that, `lines` read right after the exit could miss the final ones. (Workers that
    /// outlive the master keep the pipe open; that wait then just ends.)
    func waitForExit(timeout: Duration) async throws -> Int32 {
        let code = try await pollUntil("the exit of master \(pid)", timeout: timeout) { self.exitCode() }
        _ = try? await pollUntil("the master's last output", timeout: .seconds(2)) { process.isOutputComplete ? true : nil }
        return code
    }

    /// The master's live children (its workers), from `/proc/*/stat`.
    var workers: [pid_t] { ProcessTable.children(of: pid) }

    /// Kills every worker and the master by PID (SIGKILL) and reaps the master.
    func terminate() {
        for worker in workers { kill(worker, SIGKILL) }
        process.kill()
        if let ownControlSocket {
            unlink(ownControlSocket)
            rmdir(String(ownControlSocket.dropLast("/ctl.sock".count)))
        }
        limiter?.release()
    }

    /// The collected output, for failure messages.
    var transcript: String { lines.joined(separator: "\n") }
}

/// A failure of the test harness itself.
struct ProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

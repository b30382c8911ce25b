import Foundation
import GroveTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `grove ctl …` against a running server, as a child process; its output parsed as JSON.
struct GroveControl {
    /// The control socket.
    let socket: String

    /// A fresh socket path in a directory of its own (the master makes the directory 0700).
    static func freshSocket() -> String {
        GroveProcess.uniqueControlSocketPath()
    }

    /// Runs `grove ctl ARGUMENTS --socket SOCKET`, bounded by `timeout`; returns its exit code
    /// and standard output. `prefix` runs it through another program (e.g. `setpriv`).
    func run(_ arguments: [String], prefix: [String] = [], timeout: Duration = .seconds(20)) async throws -> (code: Int32, output: String) {
        let command = prefix + [GroveProcess.executable, "ctl"] + arguments + ["--socket", socket]
        var options = SpawnOptions()
        options.environment = ChildProcess.currentEnvironment.filter { !$0.hasPrefix("SWIFT_BACKTRACE=") } + ["SWIFT_BACKTRACE=enable=no"]
        let process = try ChildProcess(command[0], Array(command.dropFirst()), options: options)
        let code: Int32
        do {
            code = try await pollUntil("grove ctl \(arguments.joined(separator: " ")) to exit", timeout: timeout) { process.exitCode() }
        } catch {
            process.kill()
            throw error
        }
        process.kill()  // already exited: reaps nothing, waits for the output reader
        return (code, process.output.joined(separator: "\n"))
    }

    /// Runs `grove ctl ARGUMENTS --json`, expects exit 0 and `"ok": true`, returns the answer.
    func json(_ arguments: [String]) async throws -> [String: Any] {
        let (code, output) = try await run(arguments + ["--json"])
        guard code == 0, let object = Self.parse(output), object["ok"] as? Bool == true else {
            throw ProcessError("grove ctl \(arguments) exited \(code): \(output)")
        }
        return object
    }

    /// The JSON object printed, if the output is one.
    static func parse(_ output: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any]
    }

    /// `status`: the master and workers objects.
    func status() async throws -> (master: [String: Any], workers: [[String: Any]]) {
        let answer = try await json(["status"])
        guard let status = answer["status"] as? [String: Any], let master = status["master"] as? [String: Any],
              let workers = status["workers"] as? [[String: Any]]
        else { throw ProcessError("no status in \(answer)") }
        return (master, workers)
    }
}

/// The named integer of a JSON object.
func int(_ object: [String: Any], _ key: String) -> Int? {
    (object[key] as? NSNumber)?.intValue
}

/// Like `pollUntil`, for an asynchronous probe: retries every 100 ms until it returns a value,
/// or throws `WaitTimedOut`-like `ProcessError` after `timeout`.
func eventually<T>(_ what: String, timeout stated: Duration = .seconds(10), _ probe: () async throws -> T?) async throws -> T {
    let timeout = TestTimeouts.scaled(stated)
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else { throw ProcessError("timed out after \(timeout) waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(100))
    }
}

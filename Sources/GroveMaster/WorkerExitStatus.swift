/// How a worker process ended, as decoded from `waitpid`.
public enum WorkerExitStatus: Sendable, Hashable {
    /// The process called `exit` with this code.
    case exited(code: Int32)
    /// The process was terminated by a signal.
    case signaled(ProcessSignal, coreDumped: Bool)

    /// Builds the status from already-decoded values (`WEXITSTATUS` when `WIFEXITED`, `WTERMSIG` and
    /// `WCOREDUMP` when `WIFSIGNALED`). A signal wins when both are given; neither means exit code 0.
    public init(exitCode: Int32?, signal: Int32?, coreDumped: Bool) {
        if let signal {
            self = .signaled(ProcessSignal(rawValue: signal), coreDumped: coreDumped)
        } else {
            self = .exited(code: exitCode ?? 0)
        }
    }

    /// Decodes a raw `waitpid` status word (same layout on Linux and Darwin). Returns `nil` for a
    /// stopped or continued process, which is not an exit.
    public init?(waitStatus: Int32) {
        let low = waitStatus & 0x7F
        if low == 0 {
            self = .exited(code: (waitStatus >> 8) & 0xFF)
        } else if low != 0x7F {
            self = .signaled(ProcessSignal(rawValue: low), coreDumped: waitStatus & 0x80 != 0)
        } else {
            return nil
        }
    }

    /// `"exited 1"`, `"SIGSEGV (core dumped)"`.
    var statusText: String {
        switch self {
        case .exited(let code): "exited \(code)"
        case .signaled(let signal, let core): core ? "\(signal.name) (core dumped)" : signal.name
        }
    }
}

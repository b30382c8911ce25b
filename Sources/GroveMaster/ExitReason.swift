/// What the master knew about a worker when it exited, for ``ExitReason/classify(_:context:)``.
public struct ExitContext: Sendable, Hashable {
    /// Whether the worker had reported `ready`.
    public var wasReady: Bool
    /// The stop the master had requested, if any.
    public var stopRequest: StopRequest?
    /// Why the master was killing it, if it was.
    public var killReason: KillReason?
    /// The signals the master sent to kill it (e.g. `[SIGABRT, SIGKILL]`).
    public var killSignals: [ProcessSignal]
    /// What the worker said in its `exiting(clean:)` message, if it sent one.
    public var reportedClean: Bool?

    /// Makes a context.
    public init(
        wasReady: Bool,
        stopRequest: StopRequest? = nil,
        killReason: KillReason? = nil,
        killSignals: [ProcessSignal] = [],
        reportedClean: Bool? = nil
    ) {
        self.wasReady = wasReady
        self.stopRequest = stopRequest
        self.killReason = killReason
        self.killSignals = killSignals
        self.reportedClean = reportedClean
    }
}

/// Why a worker exited, with a precise human description.
public indirect enum ExitReason: Sendable, Hashable, CustomStringConvertible {
    /// It exited with `code` after the master asked it to stop; `clean` when the code is 0 and it
    /// did not report an unclean drain.
    case stopped(code: Int32, request: StopRequest, clean: Bool)
    /// The master killed it with `signal` for `reason`.
    case killed(ProcessSignal, KillReason)
    /// It died of a fault signal (`SIGSEGV`, `SIGBUS`, `SIGFPE`, `SIGABRT`, `SIGSYS`) not sent by the master.
    case crashed(ProcessSignal, coreDumped: Bool)
    /// It hit a Swift runtime trap (`SIGILL` on x86_64, `SIGTRAP` on arm64): precondition, `!`, overflow.
    case trapped(ProcessSignal, coreDumped: Bool)
    /// Another signal the master did not send (an operator, the OOM killer).
    case killedExternally(ProcessSignal)
    /// It exited with `code` although nobody asked it to.
    case exitedUnexpectedly(code: Int32)
    /// It died before reporting `ready`, for the wrapped reason.
    case bootFailure(ExitReason)

    /// Classifies an exit from the decoded `waitpid` status and what the master knew.
    public static func classify(_ status: WorkerExitStatus, context: ExitContext) -> ExitReason {
        if case .signaled(let signal, _) = status, let reason = context.killReason, context.killSignals.contains(signal) {
            return .killed(signal, reason)
        }
        let reason: ExitReason
        switch status {
        case .exited(let code):
            if let request = context.stopRequest {
                return .stopped(code: code, request: request, clean: code == 0 && context.reportedClean != false)
            }
            reason = .exitedUnexpectedly(code: code)
        case .signaled(let signal, let core):
            switch signal {
            case .illegalInstruction, .trap: reason = .trapped(signal, coreDumped: core)
            case .segmentationFault, .busError, .floatingPointException, .abort, .badSystemCall:
                reason = .crashed(signal, coreDumped: core)
            default: reason = .killedExternally(signal)
            }
        }
        let expectedToLive = context.wasReady || context.stopRequest != nil || context.killReason != nil
        return expectedToLive ? reason : .bootFailure(reason)
    }

    /// True only for an exit 0 after a requested stop with no unclean report.
    public var isCleanStop: Bool {
        if case .stopped(_, _, true) = self { return true }
        return false
    }

    /// The family of the exit, so kills, crashes and boot failures are logged apart.
    public var kind: ExitKind {
        switch self {
        case .stopped(_, _, let clean): clean ? .cleanStop : .uncleanStop
        case .killed: .killedByMaster
        case .crashed, .trapped: .crash
        case .killedExternally, .exitedUnexpectedly: .unexpectedExit
        case .bootFailure: .bootFailure
        }
    }

    /// `"exited 0 after graceful stop (shutdown)"`, `"killed by SIGKILL after missing heartbeats for 10.2 s"`,
    /// `"crashed: SIGSEGV (core dumped)"`, `"trapped: SIGILL"`, `"failed to boot: exited 1"`.
    public var description: String {
        switch self {
        case .stopped(let code, let request, let clean):
            "exited \(code) after \(request)" + (code == 0 && !clean ? " but reported an unclean drain" : "")
        case .killed(let signal, let reason): "killed by \(signal.name) \(reason)"
        case .crashed(let signal, let core): "crashed: \(WorkerExitStatus.signaled(signal, coreDumped: core).statusText)"
        case .trapped(let signal, let core): "trapped: \(WorkerExitStatus.signaled(signal, coreDumped: core).statusText)"
        case .killedExternally(let signal): "killed by \(signal.name) (not sent by the master)"
        case .exitedUnexpectedly(let code): "exited \(code) unexpectedly"
        case .bootFailure(.exitedUnexpectedly(let code)): "failed to boot: exited \(code)"
        case .bootFailure(let inner): "failed to boot: \(inner)"
        }
    }
}

/// Families of ``ExitReason``.
public enum ExitKind: Sendable, Hashable {
    /// Exit 0 after a requested stop.
    case cleanStop
    /// A requested stop that ended with a non-zero code or an unclean drain report.
    case uncleanStop
    /// Killed by the master (health check or deadline).
    case killedByMaster
    /// A fault signal or a Swift trap.
    case crash
    /// An exit nobody asked for (code or foreign signal).
    case unexpectedExit
    /// Died before reporting ready.
    case bootFailure
}

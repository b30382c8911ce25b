/// How urgently a worker is asked to stop.
public enum StopMode: Sendable, Hashable {
    /// Drain within the graceful timeout (`SIGTERM`).
    case graceful
    /// Cancel now, short deadline (second `SIGTERM`, `SIGINT`, `SIGQUIT`).
    case fast
}

/// Why the master asked a worker to stop.
public enum StopCause: Sendable, Hashable, CustomStringConvertible {
    /// The whole server is stopping.
    case shutdown
    /// A newer generation took over (`SIGHUP`).
    case reload
    /// The worker belonged to a reload that was aborted.
    case reloadAborted
    /// Its slot is being removed (`SIGTTOU`).
    case scaleDown
    /// It served its request quota and its successor is ready.
    case recycle
    /// A new master binary took over (`SIGUSR2`).
    case upgrade

    /// `"reload"`, `"scale-down"`, ….
    public var description: String {
        switch self {
        case .shutdown: "shutdown"
        case .reload: "reload"
        case .reloadAborted: "aborted reload"
        case .scaleDown: "scale-down"
        case .recycle: "recycling"
        case .upgrade: "binary upgrade"
        }
    }
}

/// A stop the master requested from a worker.
public struct StopRequest: Sendable, Hashable, CustomStringConvertible {
    /// Graceful or fast.
    public var mode: StopMode
    /// Why.
    public var cause: StopCause

    /// Makes a stop request.
    public init(mode: StopMode, cause: StopCause) {
        self.mode = mode
        self.cause = cause
    }

    /// `"graceful stop (reload)"`.
    public var description: String { "\(mode == .graceful ? "graceful" : "fast") stop (\(cause))" }
}

/// Why the master killed a worker with a signal.
public enum KillReason: Sendable, Hashable, CustomStringConvertible {
    /// It did not report `ready` within the boot timeout.
    case bootTimeout(limit: Duration)
    /// Its heartbeats stopped for this long.
    case heartbeatTimeout(silentFor: Duration)
    /// It reported an event-loop lag above the limit (a handler blocking the loop).
    case loopLag(lag: Duration, limit: Duration)
    /// It was still alive at the deadline (plus margin) of a graceful or fast stop.
    case stopDeadline(StopMode)
    /// It was still booting when its reload was aborted.
    case reloadAborted

    /// True for the health checks (boot, heartbeat, loop lag): the worker is replaced and the
    /// kill counts as a failure for the restart policy.
    public var isHealthCheck: Bool {
        switch self {
        case .bootTimeout, .heartbeatTimeout, .loopLag: true
        case .stopDeadline, .reloadAborted: false
        }
    }

    /// `"after missing heartbeats for 10.2 s"`.
    public var description: String {
        switch self {
        case .bootTimeout(let limit): "after not reporting ready within \(limit.secondsText())"
        case .heartbeatTimeout(let silence): "after missing heartbeats for \(silence.secondsText())"
        case .loopLag(let lag, let limit):
            "after an event-loop lag of \(lag.secondsText()) (limit \(limit.secondsText()))"
        case .stopDeadline(.graceful): "after missing the graceful-stop deadline"
        case .stopDeadline(.fast): "after missing the fast-stop deadline"
        case .reloadAborted: "because its reload was aborted"
        }
    }
}

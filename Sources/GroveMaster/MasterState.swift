/// The master's one state.
public enum MasterState: Sendable, Hashable {
    /// Created, waiting for ``MasterEvent/start``.
    case idle
    /// The first generation is booting; `running` once every slot has a ready worker.
    case starting
    /// Serving; supervision, scaling, recycling active.
    case running
    /// A `SIGHUP` reload is in progress.
    case reloading(ReloadPhase)
    /// A `SIGUSR2` binary upgrade is in progress: the new master started at `since`.
    case upgrading(since: MonotonicInstant)
    /// Every worker is being stopped; the master exits when the last one is reaped.
    case stopping(StopPlan)
    /// The master emitted ``MasterAction/exit(code:summary:)``.
    case stopped(exitCode: Int32)

    /// `"running"`, `"reloading"`, … (for log lines).
    public var name: String {
        switch self {
        case .idle: "idle"
        case .starting: "starting"
        case .running: "running"
        case .reloading: "reloading"
        case .upgrading: "upgrading"
        case .stopping: "stopping"
        case .stopped: "stopped"
        }
    }
}

/// Progress of a reload.
public enum ReloadPhase: Sendable, Hashable {
    /// ``MasterAction/reloadConfig`` was emitted; waiting for ``MasterEvent/configReloaded(_:)``.
    /// `queued`: another `SIGHUP` arrived meanwhile (all further ones coalesce into it).
    case readingConfiguration(queued: Bool)
    /// Generation `generation` is booting with `configuration`; the previous one keeps serving
    /// until every slot has a ready worker of the new one.
    case bootingGeneration(generation: Int, configuration: MasterConfiguration, queued: Bool)

    /// Whether another reload follows this one.
    var isQueued: Bool {
        switch self {
        case .readingConfiguration(let queued), .bootingGeneration(_, _, let queued): queued
        }
    }
}

/// How the master is stopping.
public struct StopPlan: Sendable, Hashable {
    /// Graceful or fast.
    public var mode: StopMode
    /// Why.
    public var cause: ShutdownCause

    /// Makes a plan.
    public init(mode: StopMode, cause: ShutdownCause) {
        self.mode = mode
        self.cause = cause
    }
}

/// Why the whole master stops.
public enum ShutdownCause: Sendable, Hashable, CustomStringConvertible {
    /// An operator signal (`SIGTERM`, `SIGINT`, `SIGQUIT`).
    case signal(ProcessSignal)
    /// Workers failed too often: `message` names the count and the window.
    case crashLoop(message: String)
    /// A new master (binary upgrade) took over the sockets.
    case upgradeHandover

    /// `"SIGTERM"`, `"crash loop: …"`, `"handover to the upgraded binary"`.
    public var description: String {
        switch self {
        case .signal(let signal): signal.name
        case .crashLoop(let message): "crash loop: \(message)"
        case .upgradeHandover: "handover to the upgraded binary"
        }
    }
}

/// Exit codes of the master.
public enum MasterExitCode {
    /// Every worker stopped cleanly.
    public static let clean: Int32 = 0
    /// At least one worker was killed or reported an unclean drain.
    public static let uncleanShutdown: Int32 = 1
    /// The master gave up after a crash loop.
    public static let crashLoop: Int32 = 2
}

/// The master's tunables (the part of the server configuration the state machine needs).
public struct MasterConfiguration: Sendable, Hashable {
    /// Number of worker slots (`--workers`; the CLI defaults it to the number of cores).
    public var workers: Int
    /// How listening sockets map to slots.
    public var listenerLayout: ListenerLayout
    /// Time a worker has to drain after `SIGTERM`, reload, scale-down or recycling (`--graceful-timeout`).
    public var gracefulTimeout: Duration
    /// Extra time after a stop deadline before `SIGKILL`.
    public var killMargin: Duration
    /// Time a worker has after `fastStop` before `SIGKILL`.
    public var fastStopTimeout: Duration
    /// Time a worker has to report `ready` after it was spawned.
    public var bootTimeout: Duration
    /// Longest silence between heartbeats of a ready worker.
    public var heartbeatTimeout: Duration
    /// Largest event-loop lag a heartbeat may report.
    public var loopLagTimeout: Duration
    /// Delays of the kill escalation of a stuck worker.
    public var escalation: KillEscalation
    /// Backoff between replacements of a failing slot.
    public var restartBackoff: RestartBackoff
    /// When to give up on a crash-looping server.
    public var crashLoop: CrashLoopLimit
    /// Optional replacement of workers after a number of requests.
    public var recycling: RecyclingPolicy?
    /// Time the new binary of a `SIGUSR2` upgrade has to report ready before it is abandoned.
    public var upgradeTimeout: Duration

    /// Makes a configuration; defaults follow the issue (graceful timeout 30 s, …).
    public init(
        workers: Int,
        listenerLayout: ListenerLayout = .socketPerSlot,
        gracefulTimeout: Duration = .seconds(30),
        killMargin: Duration = .seconds(1),
        fastStopTimeout: Duration = .seconds(3),
        bootTimeout: Duration = .seconds(30),
        heartbeatTimeout: Duration = .seconds(10),
        loopLagTimeout: Duration = .seconds(5),
        escalation: KillEscalation = KillEscalation(),
        restartBackoff: RestartBackoff = RestartBackoff(),
        crashLoop: CrashLoopLimit = CrashLoopLimit(),
        recycling: RecyclingPolicy? = nil,
        upgradeTimeout: Duration = .seconds(60)
    ) {
        self.workers = max(1, workers)
        self.listenerLayout = listenerLayout
        self.gracefulTimeout = gracefulTimeout
        self.killMargin = killMargin
        self.fastStopTimeout = fastStopTimeout
        self.bootTimeout = bootTimeout
        self.heartbeatTimeout = heartbeatTimeout
        self.loopLagTimeout = loopLagTimeout
        self.escalation = escalation
        self.restartBackoff = restartBackoff
        self.crashLoop = crashLoop
        self.recycling = recycling
        self.upgradeTimeout = upgradeTimeout
    }
}

/// How listening sockets are laid out.
public enum ListenerLayout: Sendable, Hashable {
    /// One `SO_REUSEPORT` socket (per bind address) for each slot, held open by the master: adding a
    /// slot opens one (``MasterAction/openListener(slot:)``), removing a slot closes it.
    case socketPerSlot
    /// One socket shared by every worker (balanced accept): slots need no socket of their own.
    case shared
}

/// The escalation applied to a worker that fails a health check.
public struct KillEscalation: Sendable, Hashable {
    /// After the snapshot request (stuck report), wait this long before `SIGABRT`.
    public var snapshotGrace: Duration
    /// After `SIGABRT`, wait this long before `SIGKILL`.
    public var abortGrace: Duration

    /// Makes an escalation; defaults: 1 s then 2 s.
    public init(snapshotGrace: Duration = .seconds(1), abortGrace: Duration = .seconds(2)) {
        self.snapshotGrace = snapshotGrace
        self.abortGrace = abortGrace
    }
}

/// Replace a worker after it served `maximumRequests` plus a per-worker jitter.
public struct RecyclingPolicy: Sendable, Hashable {
    /// Requests after which a worker is replaced.
    public var maximumRequests: UInt64
    /// Upper bound of the jitter added to each worker's quota, so workers do not recycle together.
    public var maximumJitter: UInt64
    /// Seed of the deterministic generator drawing the jitters (the driver passes a random one).
    public var seed: UInt64

    /// Makes a policy.
    public init(maximumRequests: UInt64, maximumJitter: UInt64 = 0, seed: UInt64 = 0) {
        self.maximumRequests = maximumRequests
        self.maximumJitter = maximumJitter
        self.seed = seed
    }
}

/// Why a re-read configuration was refused (`SIGHUP` keeps the old one).
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Hashable {
        /// The file could not be read.
        case unreadable
        /// The file is not valid syntax.
        case syntax
        /// A key has an invalid value.
        case invalidValue
        /// A key is unknown.
        case unknownKey
    }

    /// What went wrong.
    public var code: Code
    /// The configuration file.
    public var file: String
    /// The offending key, when there is one.
    public var key: String?
    /// Details.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, file: String, key: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.key = key
        self.message = message
    }

    /// `"grove.toml: key 'workers': must be at least 1"`.
    public var description: String {
        "\(file): " + (key.map { "key '\($0)': " } ?? "") + message
    }
}

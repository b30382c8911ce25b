/// Life stage of one worker process, as the master sees it.
public enum WorkerPhase: Sendable, Hashable {
    /// Forked, not yet `ready`.
    case booting(since: MonotonicInstant)
    /// Accepting connections since `since`.
    case ready(since: MonotonicInstant)
    /// Failed a health check at `since`: its stuck report was requested, `SIGABRT` follows.
    case unresponsive(reason: KillReason, since: MonotonicInstant)
    /// Asked to stop (see ``WorkerRecord/stopRequest``); `SIGKILL` at `killAt` if still alive.
    case draining(killAt: MonotonicInstant)
    /// `signal` was sent at `since` for `reason`.
    case killing(signal: ProcessSignal, reason: KillReason, since: MonotonicInstant)
}

/// Why a worker exists.
public enum WorkerRole: Sendable, Hashable {
    /// The worker serving its slot.
    case primary
    /// Booting to replace the recycled worker `pid` of the same slot.
    case successor(of: Int32)
}

/// The master's record of one live worker. Removed when the worker is reaped (pids get reused).
public struct WorkerRecord: Sendable, Hashable {
    /// Process id.
    public let pid: Int32
    /// Slot whose listening socket it inherited.
    public let slot: Int
    /// Configuration generation it runs.
    public let generation: Int
    /// When it was spawned.
    public let spawnedAt: MonotonicInstant
    /// Why it exists.
    public var role: WorkerRole
    /// Where it is in its life.
    public var phase: WorkerPhase
    /// When it reported ready.
    public var readyAt: MonotonicInstant?
    /// When its last heartbeat arrived.
    public var lastHeartbeatAt: MonotonicInstant?
    /// Requests served, from its last heartbeat.
    public var requestsServed: UInt64 = 0
    /// Requests after which it is recycled.
    public var requestLimit: UInt64?
    /// The stop the master requested, if any.
    public var stopRequest: StopRequest?
    /// Why the master is killing it, if it is.
    public var killReason: KillReason?
    /// Signals sent to kill it.
    public var killSignals: [ProcessSignal] = []
    /// Id of the snapshot requested as its stuck report.
    public var stuckReportRequestID: UInt64?
    /// Stuck reports it sent (opaque JSON).
    public var stuckReports: [String] = []
    /// Its `exiting(clean:)` claim.
    public var reportedClean: Bool?

    init(pid: Int32, slot: Int, generation: Int, role: WorkerRole, at now: MonotonicInstant) {
        self.pid = pid
        self.slot = slot
        self.generation = generation
        self.spawnedAt = now
        self.role = role
        self.phase = .booting(since: now)
    }

    /// `"worker 101 (slot 0, generation 1)"`.
    public var label: String { "worker \(pid) (slot \(slot), generation \(generation))" }

    /// Whether it is expected to keep serving (not stopping, not being killed).
    public var isServing: Bool {
        switch phase {
        case .booting, .ready: stopRequest == nil
        case .unresponsive, .draining, .killing: false
        }
    }

    /// What ``ExitReason/classify(_:context:)`` needs.
    var exitContext: ExitContext {
        ExitContext(
            wasReady: readyAt != nil,
            stopRequest: stopRequest,
            killReason: killReason,
            killSignals: killSignals,
            reportedClean: reportedClean
        )
    }
}

/// State of one worker slot.
public enum SlotState: Sendable, Hashable {
    /// Its listening socket is being bound (`SIGTTIN`).
    case opening
    /// Staffed (or being staffed) by a worker of the active generation.
    case serving
    /// Its worker failed; the replacement is spawned at `at` (backoff).
    case awaitingRespawn(at: MonotonicInstant)
    /// Being removed (`SIGTTOU`): its workers drain, then the slot disappears.
    case retiring

    /// Whether the slot is meant to have a worker of the active generation.
    public var isStaffed: Bool {
        switch self {
        case .serving, .awaitingRespawn: true
        case .opening, .retiring: false
        }
    }
}

/// A worker spawn the master requested and the driver has not answered yet.
struct PendingSpawn: Sendable, Hashable {
    let slot: Int
    let generation: Int
    let role: WorkerRole
}

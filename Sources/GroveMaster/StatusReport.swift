/// The answer to `grove ctl status`: the master and each live worker.
public struct StatusReport: Sendable, Hashable, Codable {
    /// The master.
    public var master: MasterStatus
    /// Live workers, ordered by slot, generation, pid.
    public var workers: [WorkerStatus]
}

/// The master's part of a ``StatusReport``.
public struct MasterStatus: Sendable, Hashable, Codable {
    /// The master's pid.
    public var pid: Int32
    /// Seconds since the master started.
    public var uptimeSeconds: Double
    /// `running`, `reloading`, `stopping`, …
    public var state: String
    /// The generation serving the slots.
    public var generation: Int
    /// Reloads that brought a new generation into service.
    public var reloads: UInt64
    /// Reloads refused or aborted.
    public var failedReloads: UInt64
    /// Worker slots (the target number of workers).
    public var slots: Int
}

/// One worker's part of a ``StatusReport``.
public struct WorkerStatus: Sendable, Hashable, Codable {
    /// The slot whose socket it serves.
    public var slot: Int
    /// Its pid.
    public var pid: Int32
    /// Its configuration generation.
    public var generation: Int
    /// Seconds since it was spawned.
    public var ageSeconds: Double
    /// `booting`, `ready`, `draining`, `unresponsive`, `killing`.
    public var state: String
    /// Requests finished (last heartbeat).
    public var requestsServed: UInt64
    /// Requests running (last heartbeat).
    public var inFlight: UInt64
    /// Open connections (last heartbeat).
    public var activeConnections: UInt64
    /// Event-loop lag in milliseconds (last heartbeat).
    public var loopLagMilliseconds: Double
    /// Failed workers replaced on this slot so far.
    public var restarts: Int
    /// Why the previous worker of this slot exited, if one did.
    public var lastExitReason: String?
}

extension StatusReport {
    /// The report for `machine` and `ledger` at `now`, the master having started at `startedAt`.
    public static func make(machine: MasterStateMachine, ledger: MasterLedger, masterPID: Int32,
                            startedAt: MonotonicInstant, now: MonotonicInstant) -> StatusReport {
        let workers = machine.workers
            .sorted { ($0.slot, $0.generation, $0.pid) < ($1.slot, $1.generation, $1.pid) }
            .map { record in
                let vitals = ledger.vitals[record.pid] ?? WorkerVitals()
                let history = ledger.slots[record.slot] ?? SlotHistory()
                return WorkerStatus(
                    slot: record.slot, pid: record.pid, generation: record.generation,
                    ageSeconds: (now - record.spawnedAt).seconds, state: record.phase.name,
                    requestsServed: max(vitals.requestsServed, record.requestsServed), inFlight: vitals.inFlight,
                    activeConnections: vitals.activeConnections, loopLagMilliseconds: Double(vitals.loopLagMicros) / 1000,
                    restarts: history.restarts, lastExitReason: history.lastExitReason
                )
            }
        let master = MasterStatus(
            pid: masterPID, uptimeSeconds: (now - startedAt).seconds, state: machine.state.name,
            generation: machine.activeGeneration, reloads: ledger.reloads, failedReloads: ledger.failedReloads,
            slots: machine.slots.filter { $0.state != .retiring }.count
        )
        return StatusReport(master: master, workers: workers)
    }
}

extension WorkerPhase {
    /// `booting`, `ready`, `unresponsive`, `draining`, `killing`.
    public var name: String {
        switch self {
        case .booting: "booting"
        case .ready: "ready"
        case .unresponsive: "unresponsive"
        case .draining: "draining"
        case .killing: "killing"
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}

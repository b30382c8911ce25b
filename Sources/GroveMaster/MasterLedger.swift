/// What a worker said about itself in its last heartbeat.
public struct WorkerVitals: Sendable, Hashable {
    /// Event-loop lag, microseconds.
    public var loopLagMicros: UInt64 = 0
    /// Requests finished.
    public var requestsServed: UInt64 = 0
    /// Requests running.
    public var inFlight: UInt64 = 0
    /// Open connections.
    public var activeConnections: UInt64 = 0
}

/// The history of one slot: how often its worker was replaced after a failure, and why its
/// last worker exited.
public struct SlotHistory: Sendable, Hashable {
    /// Workers of this slot that failed (crash, unexpected exit, killed by a health check,
    /// boot failure) while the master was not stopping.
    public var restarts: Int = 0
    /// The last exit of a worker of this slot, described.
    public var lastExitReason: String?
}

/// The master's bookkeeping for `grove ctl status` and the metrics, kept beside
/// ``MasterStateMachine`` and fed the same events: heartbeat figures, exit reasons by slot and
/// kind, reloads, and the workers' metrics. Pure: the driver calls ``willHandle(_:machine:)``
/// before handing an event to the machine and ``didHandle(_:before:after:)`` after.
public struct MasterLedger: Sendable {
    /// The last heartbeat of each live worker.
    public private(set) var vitals: [Int32: WorkerVitals] = [:]
    /// Per slot history.
    public private(set) var slots: [Int: SlotHistory] = [:]
    /// Worker exits while the master was not stopping, by ``ExitKind`` name (`"crash"`, …).
    public private(set) var exitsByKind: [String: UInt64] = [:]
    /// Reloads that brought a new generation into service.
    public private(set) var reloads: UInt64 = 0
    /// Reloads refused or aborted.
    public private(set) var failedReloads: UInt64 = 0
    /// The workers' figures.
    public private(set) var metrics = MetricsAggregator()

    /// Makes an empty ledger.
    public init() {}

    /// Records what `event` says, with `machine` as it is before handling it.
    public mutating func willHandle(_ event: MasterEvent, machine: MasterStateMachine) {
        switch event {
        case .message(let pid, .heartbeat(let lag, let served, let inFlight, let connections)):
            guard machine.worker(pid: pid) != nil else { return }
            vitals[pid] = WorkerVitals(loopLagMicros: lag, requestsServed: served, inFlight: inFlight, activeConnections: connections)
        case .message(let pid, .metrics(let report)):
            guard machine.worker(pid: pid) != nil else { return }
            metrics.update(pid: pid, with: report)
        case .workerExited(let pid, let status):
            vitals[pid] = nil
            metrics.retire(pid: pid)
            guard let record = machine.worker(pid: pid) else { return }
            let reason = ExitReason.classify(status, context: record.exitContext)
            slots[record.slot, default: SlotHistory()].lastExitReason = "\(reason)"
            if case .stopping = machine.state { return }
            exitsByKind[reason.kind.name, default: 0] += 1
            switch reason.kind {
            case .crash, .unexpectedExit, .killedByMaster, .bootFailure:
                slots[record.slot, default: SlotHistory()].restarts += 1
            case .cleanStop, .uncleanStop:
                break
            }
        case .configReloaded(.failure):
            failedReloads += 1
        default:
            break
        }
    }

    /// Records what handling `event` changed: a new active generation is a reload; a booting
    /// generation that went away without becoming active is a failed one.
    public mutating func didHandle(_ event: MasterEvent, before: MasterStateMachine, after: MasterStateMachine) {
        if after.activeGeneration != before.activeGeneration {
            reloads += 1
            return
        }
        guard case .reloading(.bootingGeneration(let generation, _, _)) = before.state else { return }
        if case .reloading(.bootingGeneration(generation, _, _)) = after.state { return }
        if case .stopping = after.state { return }
        failedReloads += 1
    }
}

extension ExitKind {
    /// `"clean_stop"`, `"crash"`, … (a metric label value).
    public var name: String {
        switch self {
        case .cleanStop: "clean_stop"
        case .uncleanStop: "unclean_stop"
        case .killedByMaster: "killed_by_master"
        case .crash: "crash"
        case .unexpectedExit: "unexpected_exit"
        case .bootFailure: "boot_failure"
        }
    }
}

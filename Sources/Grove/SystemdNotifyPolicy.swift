import GroveMaster

/// Decides which `sd_notify` messages the master sends, from the changes of its state. Pure:
/// the driver feeds it every state it observes, sends what it returns as one datagram.
///
/// | master                                   | sent                                               |
/// |------------------------------------------|----------------------------------------------------|
/// | `starting` → `running`                   | `READY=1`, `STATUS=N workers, generation G`        |
/// | `running` → `reloading` (`SIGHUP`)       | `RELOADING=1`, `MONOTONIC_USEC=…`, `STATUS=reloading…` |
/// | `reloading` → `running` (done or refused)| `READY=1`, `STATUS=…`                              |
/// | `running` → `upgrading` (`SIGUSR2`)      | `STATUS=binary upgrade: …`                         |
/// | `upgrading` → `running` (upgrade failed) | `STATUS=…`                                         |
/// | → `stopping` (shutdown)                  | `STOPPING=1`, `STATUS=stopping (cause)…`           |
/// | → `stopping` (handover to a new master)  | `MAINPID=<new master>`, `STATUS=…`, then silence   |
///
/// After a handover the new master is systemd's main process: this one sends nothing more
/// (not even `STOPPING=1`, which would stop the service) and stops its watchdog pings.
struct SystemdNotifyPolicy {
    /// What the driver saw of the master.
    struct Observation {
        /// The master's state.
        var state: MasterState
        /// Worker slots.
        var workers: Int
        /// The generation serving.
        var generation: Int
        /// The new master of an upgrade in progress, if any.
        var upgradePID: Int32?
        /// `CLOCK_MONOTONIC` now, in microseconds (for `MONOTONIC_USEC`).
        var monotonicMicroseconds: UInt64
    }

    private var last: MasterState = .idle
    /// True once `MAINPID` named the new master: nothing more is sent.
    private(set) var handedOver = false

    /// The messages for a newly observed state (empty when nothing changed that systemd cares
    /// about), as `KEY=value` assignments in sending order.
    mutating func observe(_ observation: Observation) -> [String] {
        let previous = last
        last = observation.state
        guard !handedOver, previous.name != observation.state.name else { return [] }
        let serving = "STATUS=\(observation.workers) worker(s), generation \(observation.generation)"
        switch observation.state {
        case .running:
            if case .upgrading = previous { return [serving + "; binary upgrade failed"] }
            return ["READY=1", serving]
        case .reloading:
            return ["RELOADING=1", "MONOTONIC_USEC=\(observation.monotonicMicroseconds)",
                    "STATUS=reloading: generation \(observation.generation) serves until the next one is ready"]
        case .upgrading:
            return ["STATUS=binary upgrade: starting the new master; generation \(observation.generation) serves"]
        case .stopping(let plan):
            if plan.cause == .upgradeHandover, let pid = observation.upgradePID {
                handedOver = true
                return ["MAINPID=\(pid)", "STATUS=handed over to the upgraded master \(pid)"]
            }
            let mode = plan.mode == .graceful ? "graceful" : "fast"
            return ["STOPPING=1", "STATUS=stopping (\(plan.cause)): \(mode) stop of \(observation.workers) worker(s)"]
        case .idle, .starting, .stopped:
            return []
        }
    }
}

/// How one worker ended during the master's shutdown.
public struct WorkerOutcome: Sendable, Hashable {
    /// Process id.
    public var pid: Int32
    /// Slot.
    public var slot: Int
    /// Generation.
    public var generation: Int
    /// Why it exited.
    public var reason: ExitReason
    /// Stuck reports it sent (tasks by scope path, opaque JSON).
    public var stuckReports: [String]

    /// True when it exited 0 after the stop with no unclean report; false when forced or failed.
    public var clean: Bool { reason.isCleanStop }
}

/// The one summary the master logs before exiting.
public struct ShutdownSummary: Sendable, Hashable, CustomStringConvertible {
    /// Why the master stopped.
    public var cause: ShutdownCause
    /// Every worker reaped during the shutdown, in exit order.
    public var workers: [WorkerOutcome]
    /// The master's exit code.
    public var exitCode: Int32

    /// Multi-line text: a headline then one line per worker (clean or forced, reason, stuck tasks).
    public var description: String {
        let clean = workers.filter(\.clean).count
        var lines = [
            "master stopped (\(cause)): \(workers.count) worker(s), \(clean) clean, "
                + "\(workers.count - clean) forced or failed; exit code \(exitCode)"
        ]
        for outcome in workers {
            lines.append(
                "  worker \(outcome.pid) (slot \(outcome.slot), generation \(outcome.generation)): "
                    + "\(outcome.clean ? "clean" : "forced") - \(outcome.reason)"
            )
            lines += outcome.stuckReports.map { "    stuck: \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

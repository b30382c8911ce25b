/// An output of ``MasterStateMachine``: a side effect for the driver to perform, in order.
public enum MasterAction: Sendable, Hashable {
    /// Fork a worker for `slot` running generation `generation`'s configuration (the configuration
    /// of a new generation is the one delivered by the ``MasterEvent/configReloaded(_:)`` that
    /// produced its first spawn). Answer with `workerSpawned` or `spawnFailed`.
    case spawnWorker(slot: Int, generation: Int)
    /// Write a frame to the worker's control channel.
    case send(pid: Int32, ControlMessage)
    /// Send a signal to the worker.
    case kill(pid: Int32, signal: ProcessSignal)
    /// Bind the slot's listening socket(s); answer with `listenerOpened` or `listenerOpenFailed`.
    case openListener(slot: Int)
    /// Close the master's descriptor of the slot's socket(s). The kernel socket (and its queue)
    /// survives as long as a worker still holds its inherited descriptor.
    case closeListener(slot: Int)
    /// Make sure a ``MasterEvent/tick`` is delivered at `at` (replaces any earlier request).
    case scheduleTick(at: MonotonicInstant)
    /// Log a line.
    case log(LogLevel, String)
    /// Re-read the configuration file; answer with `configReloaded`.
    case reloadConfig
    /// Reopen the master's own log files.
    case reopenLogs
    /// Re-execute the binary with the listening sockets inherited; answer with `upgradeChildReady`
    /// or `upgradeChildFailed`.
    case execNewBinary
    /// Kill the new master of an upgrade that did not become ready in time.
    case abortUpgrade
    /// Write the pid file (at start, and again when an upgrade is abandoned).
    case writePidFile
    /// Remove the pid file (at exit, unless a new master took over).
    case removePidFile
    /// Exit the master process with `code` after logging `summary`.
    case exit(code: Int32, summary: ShutdownSummary)
}

/// Severity of a ``MasterAction/log(_:_:)`` line (maps one-to-one onto swift-log levels).
public enum LogLevel: Sendable, Hashable, Comparable {
    /// Chatter.
    case debug
    /// Normal life: spawns, ready, clean exits.
    case info
    /// Notable but expected: signals, reloads.
    case notice
    /// Something is off: unclean drains, ignored input, stuck reports.
    case warning
    /// A failure: crash, kill, failed reload.
    case error
    /// The master gives up.
    case critical
}

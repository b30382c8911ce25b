/// Where a scope is in its life. One enum: the phase and the data valid in it.
enum ScopeLifecycle: Sendable {
    case running
    /// An ancestor (or this scope) was asked to shut down; this scope's turn has not come yet.
    /// New tasks are still accepted so that shutdown order is honoured.
    case shutdownRequested(ShutdownCause)
    /// This scope is in its own shutdown sequence.
    case shuttingDown(ShutdownCause, phase: ScopePhase, since: Duration)
    case stopped(ShutdownCause, drain: Duration)

    var phase: ScopePhase {
        switch self {
        case .running: .running
        case .shutdownRequested: .shutdownRequested
        case .shuttingDown(_, let phase, _): phase
        case .stopped: .stopped
        }
    }

    var cause: ShutdownCause? {
        switch self {
        case .running: nil
        case .shutdownRequested(let cause), .shuttingDown(let cause, _, _), .stopped(let cause, _): cause
        }
    }

    var acceptsWork: Bool {
        switch self {
        case .running, .shutdownRequested: true
        case .shuttingDown, .stopped: false
        }
    }

    /// Whether work already accepted upstream (adopted, immediate, or spawned with
    /// `acceptedUpstream`) is admitted: until the scope's forced phase.
    var admitsAcceptedWork: Bool {
        switch phase {
        case .running, .shutdownRequested, .drainingChildren, .graceful: true
        case .forced, .stopped: false
        }
    }

    var gracefulSignalled: Bool {
        switch phase {
        case .graceful, .forced, .stopped: true
        case .running, .shutdownRequested, .drainingChildren: false
        }
    }
}

/// Per-scope outcome counters.
struct ScopeCounters: Sendable {
    var spawned = 0
    var succeeded = 0
    var failed = 0
    var cancelled = 0
    var stuck = 0

    /// Counts a task (or a piece of work) that ended with `end`.
    mutating func count(_ end: TaskEnd) {
        switch end {
        case .succeeded: succeeded += 1
        case .failed, .failedHandled: failed += 1
        case .cancelled: cancelled += 1
        }
    }
}

/// Everything mutable about a scope, guarded by the scope's `Mutex`.
struct ScopeState: Sendable {
    var lifecycle = ScopeLifecycle.running
    var nextTaskID: UInt64 = 0
    var live = TaskRegistry()
    var counters = ScopeCounters()
    var children: [TaskScope] = []
    var shutdownTask: Task<ShutdownReport, Never>?
    var lastDrain: Duration?
    var nextWaiterID: UInt64 = 0
    var idleWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    var gracefulWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    var gracefulHandlers: [UInt64: @Sendable () -> Void] = [:]

    mutating func makeWaiterID() -> UInt64 {
        nextWaiterID &+= 1
        return nextWaiterID
    }

    /// What a suspended task waits for.
    enum WaitCondition: Sendable {
        /// No live tasks.
        case idle
        /// The scope's graceful-shutdown signal was sent.
        case gracefulSignal
    }

    func holds(_ condition: WaitCondition) -> Bool {
        switch condition {
        case .idle: live.isEmpty
        case .gracefulSignal: lifecycle.gracefulSignalled
        }
    }

    mutating func addWaiter(_ waiter: CheckedContinuation<Void, Never>, id: UInt64, for condition: WaitCondition) {
        switch condition {
        case .idle: idleWaiters[id] = waiter
        case .gracefulSignal: gracefulWaiters[id] = waiter
        }
    }

    mutating func removeWaiter(id: UInt64, for condition: WaitCondition) -> CheckedContinuation<Void, Never>? {
        switch condition {
        case .idle: idleWaiters.removeValue(forKey: id)
        case .gracefulSignal: gracefulWaiters.removeValue(forKey: id)
        }
    }
}

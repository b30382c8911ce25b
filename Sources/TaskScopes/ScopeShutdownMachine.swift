/// The shutdown sequence of one scope as a pure state machine: it computes deadlines and tells
/// the driver what to do next; it never sleeps, signals or cancels anything itself.
///
/// Sequence: drain children (whole remaining budget) → graceful signal → cancel → abandon.
/// When the remaining budget is smaller than `graceful + forced`, both phases shrink in
/// proportion, so a tight parent budget still leaves the forced phase its share.
struct ScopeShutdownMachine: Sendable {
    enum Action: Equatable, Sendable {
        /// Shut the child scopes down, giving them until `deadline`.
        case drainChildren(deadline: Duration)
        /// Signal graceful shutdown to the scope's tasks and wait for them until `until`.
        case signalGraceful(until: Duration)
        /// Cancel the remaining tasks and wait for them until `until`.
        case cancelTasks(until: Duration)
        /// Record the tasks still alive as stuck and stop waiting for them.
        case abandonStuck
        /// Shutdown of this scope is complete.
        case finish
    }

    private enum State: Equatable, Sendable {
        case idle
        case drainingChildren(end: Duration)
        case graceful(end: Duration)
        case forced
        case abandoning
        case done
    }

    let gracefulTimeout: Duration
    let forcedTimeout: Duration
    private var state = State.idle
    /// The graceful phase's effective budget once it started.
    private(set) var gracefulBudget: Duration = .zero
    /// The forced phase's effective budget once it started.
    private(set) var forcedBudget: Duration = .zero
    /// The furthest phase this scope's own tasks reached.
    private(set) var phaseReached = ScopePhase.drainingChildren

    init(gracefulTimeout: Duration, forcedTimeout: Duration) {
        self.gracefulTimeout = max(gracefulTimeout, .zero)
        self.forcedTimeout = max(forcedTimeout, .zero)
    }

    /// Starts the sequence at `now`; `parentDeadline` is what remains of the parent's budget.
    mutating func start(now: Duration, parentDeadline: Duration?, hasChildren: Bool) -> Action {
        guard state == .idle else { return .finish }
        var end = now + gracefulTimeout + forcedTimeout
        if let parentDeadline { end = max(now, min(end, parentDeadline)) }
        if hasChildren {
            state = .drainingChildren(end: end)
            return .drainChildren(deadline: end)
        }
        return beginGraceful(now: now, end: end)
    }

    /// The children have all finished (or their budget ran out).
    mutating func childrenDrained(now: Duration) -> Action {
        guard case .drainingChildren(let end) = state else { return .finish }
        return beginGraceful(now: now, end: end)
    }

    /// The graceful wait ended; `idle` tells whether every task finished.
    mutating func gracefulWaitEnded(now: Duration, idle: Bool) -> Action {
        guard case .graceful(let end) = state else { return .finish }
        if idle {
            state = .done
            return .finish
        }
        let until = min(now + forcedTimeout, max(end, now))
        forcedBudget = until - now
        phaseReached = .forced
        state = .forced
        return .cancelTasks(until: until)
    }

    /// The forced wait ended; `idle` tells whether every task finished.
    mutating func forcedWaitEnded(idle: Bool) -> Action {
        guard state == .forced else { return .finish }
        if idle {
            state = .done
            return .finish
        }
        state = .abandoning
        return .abandonStuck
    }

    /// The stuck tasks were recorded.
    mutating func stuckRecorded() -> Action {
        state = .done
        return .finish
    }

    private mutating func beginGraceful(now: Duration, end: Duration) -> Action {
        let remaining = max(.zero, end - now)
        let wanted = gracefulTimeout + forcedTimeout
        if wanted <= remaining {
            gracefulBudget = gracefulTimeout
        } else if wanted > .zero {
            gracefulBudget = remaining * (gracefulTimeout.inSeconds / wanted.inSeconds)
        } else {
            gracefulBudget = .zero
        }
        phaseReached = .graceful
        state = .graceful(end: end)
        return .signalGraceful(until: now + gracefulBudget)
    }
}

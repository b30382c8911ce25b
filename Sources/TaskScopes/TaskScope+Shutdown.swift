extension TaskScope {
    /// Shuts this scope and its subtree down and returns what happened.
    ///
    /// Children finish first (innermost first; siblings in reverse creation order or
    /// concurrently, per ``ScopeOptions/childShutdownOrder``); then this scope's tasks receive the
    /// graceful signal, are cancelled after the graceful timeout, and are reported stuck and
    /// abandoned after the forced timeout. Idempotent: a second call joins the first.
    ///
    /// - Parameters:
    ///   - cause: Why; visible to the tasks and in the report.
    ///   - globalTimeout: A hard cap on the whole subtree's shutdown (shields included).
    /// - Returns: The report of this scope and, nested, of its children.
    @discardableResult
    public func shutdown(cause: ShutdownCause = .explicit(), within globalTimeout: Duration? = nil) async -> ShutdownReport {
        let hardDeadline = globalTimeout.map { tree.clock.now() + $0 }
        let (task, _) = startShutdown(cause: cause, parentDeadline: hardDeadline, hardDeadline: hardDeadline)
        return await task.value
    }

    /// Starts shutting this scope down without waiting for it (e.g. from one of its own tasks,
    /// which `await shutdown()` would wait for until its own graceful timeout). Idempotent.
    public func requestShutdown(cause: ShutdownCause = .explicit()) {
        startShutdown(cause: cause, parentDeadline: nil, hardDeadline: nil)
    }

    /// Marks the subtree as shutdown-requested and starts (or joins) this scope's shutdown driver.
    ///
    /// A `siblingFailure` shutdown (fail-fast) skips the graceful wait in the whole subtree:
    /// the remaining tasks are signalled and cancelled at once, as in a trio nursery.
    @discardableResult
    func startShutdown(
        cause: ShutdownCause, parentDeadline: Duration?, hardDeadline: Duration?, immediate: Bool = false
    ) -> (task: Task<ShutdownReport, Never>, started: Bool) {
        let immediate = immediate || cause.kind == .siblingFailure
        markShutdownRequested(cause)
        return state.withLock { state in
            if let task = state.shutdownTask { return (task, false) }
            let task = Task(executorPreference: tree.executor) {
                await self.runShutdown(cause: cause, parentDeadline: parentDeadline, hardDeadline: hardDeadline,
                                       immediate: immediate)
            }
            state.shutdownTask = task
            return (task, true)
        }
    }

    private func markShutdownRequested(_ cause: ShutdownCause) {
        let children = state.withLock { state -> [TaskScope] in
            if case .running = state.lifecycle { state.lifecycle = .shutdownRequested(cause) }
            return state.children
        }
        for child in children { child.markShutdownRequested(.parentShutdown(parentPath: path, cause: cause)) }
    }

    private func runShutdown(
        cause: ShutdownCause, parentDeadline: Duration?, hardDeadline: Duration?, immediate: Bool
    ) async -> ShutdownReport {
        let clock = tree.clock
        let start = clock.now()
        let children = state.withLock { state -> [TaskScope] in
            state.lifecycle = .shuttingDown(cause, phase: .drainingChildren, since: start)
            return state.children
        }
        var machine = ScopeShutdownMachine(gracefulTimeout: immediate ? .zero : options.gracefulTimeout,
                                           forcedTimeout: options.forcedTimeout)
        var childReports: [ShutdownReport] = []
        var lingering: [StuckTask] = []
        var abandoned: [StuckTask] = []
        var action = machine.start(now: start, parentDeadline: parentDeadline, hasChildren: !children.isEmpty)
        while action != .finish {
            switch action {
            case .drainChildren(let deadline):
                childReports = await drain(children, cause: cause, deadline: deadline, hardDeadline: hardDeadline,
                                           immediate: immediate)
                action = machine.childrenDrained(now: clock.now())
            case .signalGraceful(let until):
                enter(.graceful, cause: cause, since: start)
                signalGraceful()
                let idle = await waitForIdle(until: until)
                if !idle { lingering = liveTasks(foundAt: .graceful) }
                action = machine.gracefulWaitEnded(now: clock.now(), idle: idle)
            case .cancelTasks(let until):
                enter(.forced, cause: cause, since: start)
                cancelLiveTasks()
                var idle = await waitForIdle(until: until)
                if !idle, let shieldEnd = latestShieldDeadline(cappedAt: hardDeadline), shieldEnd > clock.now() {
                    idle = await waitForIdle(until: shieldEnd)
                }
                action = machine.forcedWaitEnded(idle: idle)
            case .abandonStuck:
                abandoned = liveTasks(foundAt: .forced)
                action = machine.stuckRecorded()
            case .finish:
                break
            }
        }
        let drain = clock.now() - start
        state.withLock { state in
            state.lifecycle = .stopped(cause, drain: drain)
            state.counters.stuck += abandoned.count
            state.lastDrain = drain
            state.children.removeAll()  // all stopped: release them so the tree can be freed
        }
        parent?.forgetStoppedChild(self)
        return ShutdownReport(
            scopePath: path, cause: cause, phaseReached: machine.phaseReached,
            startedAtSeconds: start.inSeconds, drainSeconds: drain.inSeconds,
            gracefulBudgetSeconds: machine.gracefulBudget.inSeconds,
            forcedBudgetSeconds: machine.forcedBudget.inSeconds,
            lingering: lingering, abandoned: abandoned, children: childReports)
    }

    private func drain(
        _ children: [TaskScope], cause: ShutdownCause, deadline: Duration, hardDeadline: Duration?, immediate: Bool
    ) async -> [ShutdownReport] {
        let childCause = ShutdownCause.parentShutdown(parentPath: path, cause: cause)
        switch options.childShutdownOrder {
        case .reverseCreation:
            var reports: [ShutdownReport] = []
            for child in children.reversed() {
                let task = child.startShutdown(cause: childCause, parentDeadline: deadline, hardDeadline: hardDeadline,
                                               immediate: immediate).task
                reports.append(await task.value)
            }
            return reports.reversed()
        case .concurrent:
            return await withTaskGroup(of: (Int, ShutdownReport).self) { group in
                for (index, child) in children.enumerated() {
                    let task = child.startShutdown(cause: childCause, parentDeadline: deadline, hardDeadline: hardDeadline,
                                               immediate: immediate).task
                    group.addTask { (index, await task.value) }
                }
                var reports: [(Int, ShutdownReport)] = []
                for await report in group { reports.append(report) }
                return reports.sorted { $0.0 < $1.0 }.map(\.1)
            }
        }
    }

    /// Drops a stopped child so short-lived child scopes don't accumulate in a long-lived parent
    /// (its report holds what it did).
    private func forgetStoppedChild(_ child: TaskScope) {
        state.withLock { state in state.children.removeAll { $0 === child } }
    }

    private func enter(_ phase: ScopePhase, cause: ShutdownCause, since start: Duration) {
        state.withLock { $0.lifecycle = .shuttingDown(cause, phase: phase, since: start) }
    }

    func cancelLiveTasks() {
        let records = state.withLock { $0.live.records }
        for record in records { record.cancel() }
    }

    private func latestShieldDeadline(cappedAt hardDeadline: Duration?) -> Duration? {
        let records = state.withLock { $0.live.records }
        guard let latest = records.compactMap(\.shieldDeadline).max() else { return nil }
        return hardDeadline.map { min($0, latest) } ?? latest
    }

    /// The scope's running tasks as report entries, oldest first.
    func liveTasks(foundAt phase: ScopePhase) -> [TaskInfo] {
        let now = tree.clock.now()
        let records = state.withLock { $0.live.records }
        return records.sorted { $0.id < $1.id }.map { $0.info(scopePath: path, now: now, phase: phase) }
    }
}

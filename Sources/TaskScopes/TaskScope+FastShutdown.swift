extension TaskScope {
    /// A fast stop: cancels every task of the subtree now and gives the shutdown at most
    /// `budget`. Joins a graceful shutdown already in progress (a second SIGTERM during a
    /// graceful stop) and cuts it short.
    ///
    /// Returns the shutdown's report if it finished within the budget; otherwise a report,
    /// made at the deadline, that lists every task still alive in the subtree as abandoned
    /// (stuck), scope by scope.
    @discardableResult
    public func shutdownNow(cause: ShutdownCause = .explicit("fast stop"), within budget: Duration) async -> ShutdownReport {
        let clock = tree.clock
        let start = clock.now()
        let deadline = start + budget
        let (shutdown, _) = startShutdown(cause: cause, parentDeadline: deadline, hardDeadline: deadline, immediate: true)
        cancelSubtree()
        let finished = await withTaskGroup(of: ShutdownReport?.self) { group in
            group.addTask { await shutdown.value }
            group.addTask {
                try? await clock.sleepUntil(deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let finished { return finished }
        return fastStopReport(cause: cause, start: start, budget: budget)
    }

    /// Cancels every live task in this scope and below.
    private func cancelSubtree() {
        cancelLiveTasks()
        for child in children { child.cancelSubtree() }
    }

    /// The report of a fast stop that ran out of time: whatever lives now is abandoned.
    private func fastStopReport(cause: ShutdownCause, start: Duration, budget: Duration) -> ShutdownReport {
        let now = tree.clock.now()
        return ShutdownReport(
            scopePath: path, cause: cause, phaseReached: .forced,
            startedAtSeconds: start.inSeconds, drainSeconds: (now - start).inSeconds,
            gracefulBudgetSeconds: 0, forcedBudgetSeconds: budget.inSeconds,
            lingering: [], abandoned: liveTasks(foundAt: .forced),
            children: children.map { $0.fastStopReport(cause: .parentShutdown(parentPath: path, cause: cause), start: start, budget: budget) })
    }
}

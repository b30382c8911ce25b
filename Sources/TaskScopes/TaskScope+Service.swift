extension TaskScope {
    /// Runs a long-lived service (a timer, a queue consumer) in this scope, restarting it per
    /// `restart` with exponential `backoff` on the tree's clock.
    ///
    /// Failures that lead to a restart are reported to the error handlers. When more than
    /// `intensity.maxRestarts` restarts happen within `intensity.period`, the failure escalates:
    /// this scope shuts down (cause `escalation`) and the failure — a ``ScopeError`` with code
    /// `.restartIntensityExceeded` — goes to the parent's handling (reported by a supervising
    /// parent, shutting a fail-fast parent down). A service is never restarted once its task is
    /// cancelled or its scope is shutting down.
    ///
    /// - Returns: The handle of the supervising task.
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` if the scope accepts no work.
    @discardableResult
    public func service(
        name: String,
        restart: RestartPolicy = .permanent,
        intensity: RestartIntensity = RestartIntensity(),
        backoff: Backoff = Backoff(),
        operation: @escaping @Sendable () async throws -> Void
    ) throws(ScopeError) -> TaskHandle<Void> {
        try spawn(name: name) {
            try await self.superviseService(name: name, restart: restart, intensity: intensity,
                                            backoff: backoff, operation: operation)
        }
    }

    /// Sleeps until `deadline` on the tree clock; false if the graceful-shutdown signal (or
    /// cancellation) came first, in which case the service is not restarted.
    private func backOff(until deadline: Duration) async -> Bool {
        let clock = tree.clock
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await clock.sleepUntil(deadline)
                    return true
                } catch {
                    return false
                }
            }
            group.addTask {
                try? await self.waitForGracefulShutdown()
                return false
            }
            let restart = await group.next() ?? false
            group.cancelAll()
            return restart && !Task.isCancelled
        }
    }

    private func superviseService(
        name: String, restart: RestartPolicy, intensity: RestartIntensity, backoff: Backoff,
        operation: @Sendable () async throws -> Void
    ) async throws {
        let clock = tree.clock
        let taskID = TaskScope.context?.task?.id ?? 0
        var tracker = RestartTracker(policy: restart, intensity: intensity, backoff: backoff)
        while true {
            let started = clock.now()
            var runError: (any Error)?
            var end = RestartTracker.RunEnd.returned
            do {
                try await operation()
            } catch {
                runError = error
                end = error is CancellationError || Task.isCancelled ? .cancelled : .failed
            }
            let now = clock.now()
            let failure = runError.map {
                TaskFailure(scopePath: path, taskName: name, taskID: taskID, error: $0, duration: now - started)
            }
            switch tracker.decide(after: end, now: now, stopping: Task.isCancelled || isShuttingDown) {
            case .stop:
                if let runError { throw runError }
                return
            case .restart(let delay):
                if end == .failed, let failure { report(failure) }
                guard await backOff(until: now + delay) else { return }
            case .escalate(let restarts):
                let error = ScopeError(
                    .restartIntensityExceeded, scopePath: path,
                    message: "service '\(name)' needed \(restarts) restarts within \(formatSeconds(intensity.period.inSeconds))"
                        + " (max \(intensity.maxRestarts)); last error: \(runError.map { String(describing: $0) } ?? "none")")
                let escalated = TaskFailure(scopePath: path, taskName: name, taskID: taskID, error: error,
                                            duration: now - started)
                fail(escalated, cause: .escalation(scopePath: path, detail: error.message))
                throw HandledFailure(underlying: error)
            }
        }
    }
}

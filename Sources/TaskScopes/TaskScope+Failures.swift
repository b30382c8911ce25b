import Logging

extension TaskScope {
    /// Routes a failure of one of this scope's own tasks according to its policy.
    func handleTaskFailure(_ failure: TaskFailure) {
        switch policy {
        case .supervise:
            report(failure)
        case .failFast:
            fail(failure, cause: .siblingFailure(scopePath: path, taskName: failure.taskName, error: failure.error))
        }
    }

    /// Delivers a failure to the nearest error handler from this scope up; the root logs it
    /// when no handler exists.
    func report(_ failure: TaskFailure) {
        var scope: TaskScope? = self
        while let current = scope {
            if let handler = current.errorHandler {
                handler(failure)
                return
            }
            scope = current.parent
        }
        tree.logger.error("unhandled task failure", metadata: [
            "scope": "\(failure.scopePath)",
            "task": "\(failure.taskName)",
            "task_id": "\(failure.taskID)",
            "error": "\(String(describing: failure.error))",
        ])
    }

    /// Shuts this scope down for `cause` (without waiting) and delivers the failure to the parent.
    /// Only the failure that starts the shutdown escalates; later ones are reported.
    func fail(_ failure: TaskFailure, cause: ShutdownCause) {
        guard beginShutdownIfIdle(cause: cause) else {
            report(failure)
            return
        }
        guard let parent else {
            report(failure)
            return
        }
        switch parent.policy {
        case .supervise:
            parent.report(failure)
        case .failFast:
            parent.fail(failure, cause: .siblingFailure(scopePath: path, taskName: failure.taskName, error: failure.error))
        }
    }

    /// Starts shutdown in the background if none has started; true if this call started it.
    private func beginShutdownIfIdle(cause: ShutdownCause) -> Bool {
        let alreadyStarted = state.withLock { $0.shutdownTask != nil }
        if alreadyStarted { return false }
        let (_, started) = startShutdown(cause: cause, parentDeadline: nil, hardDeadline: nil)
        return started
    }
}

import GroveLoop
import Logging
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

extension GroveWorker {
    /// How many escapes are logged one by one; after that, only every power of two.
    static let escapesLoggedEach = 10

    /// Logs every task that leaves the worker's loop for Swift's global executor (a plain
    /// `Task {}` or `Task.detached` in a handler): it runs outside the scope tree, so no scope
    /// drains it or names it in a stuck report. The log names the scope that started it.
    static func reportEscapedTasks(loop: EventLoop, logger: Logger) {
        EscapedTaskMonitor.watch(loop: loop) { escapes in
            guard escapes <= escapesLoggedEach || escapes & (escapes - 1) == 0 else { return }
            let origin = TaskScope.current?.path ?? "no scope"
            logger.warning("task escaped the event loop: an unstructured task (Task {} or Task.detached) started in \(origin) runs outside every scope, not drained and not in stuck reports", metadata: [
                "pid": "\(getpid())", "scope": "\(origin)", "escapes": "\(escapes)",
            ])
        }
    }

    /// At the end of a worker: how many tasks escaped its loop while it served, if any.
    static func logEscapedTaskTotal(logger: Logger) {
        let escapes = EscapedTaskMonitor.escapes
        guard escapes > 0 else { return }
        logger.warning("tasks escaped the event loop while serving: \(escapes) unstructured task(s) ran outside the scope tree", metadata: [
            "pid": "\(getpid())", "escapes": "\(escapes)",
        ])
    }
}

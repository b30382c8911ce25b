import Logging
import ServiceLifecycle
import TaskScopes

extension TaskScope {
    /// Runs a swift-service-lifecycle `Service` (a database client's `run()`, a telemetry
    /// exporter) as a task of this scope, so Grove's shutdown reaches it the way a
    /// `ServiceGroup` would:
    ///
    /// - when this scope receives the graceful-shutdown signal (its turn in Grove's
    ///   innermost-first shutdown), the service's graceful-shutdown handlers run —
    ///   `withGracefulShutdownHandler`, `cancelWhenGracefulShutdown`, `gracefulShutdown()` and
    ///   `Task.isShuttingDownGracefully` all see it;
    /// - in the scope's forced phase (its graceful budget spent, or a fast stop) the task is
    ///   cancelled and the service with it.
    ///
    /// The service runs inside a private `ServiceGroup` that listens to no signal (the Grove
    /// master and worker own the signals); the group is told `triggerGracefulShutdown()` when
    /// the scope's graceful phase starts. That is the supported public way in: the group sets
    /// the task-local graceful-shutdown manager the service's handlers read.
    ///
    /// A service that returns ends the task; one that throws fails it (the scope's policy
    /// decides what that means: reported by a supervising scope, escalated by a fail-fast one).
    ///
    /// ```swift
    /// app.onStart = { scopes in
    ///     try scopes.background.run(service: exporter)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - service: The service to run.
    ///   - name: The task's name in reports (default: the service's type name).
    /// - Returns: The handle of the service's task.
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` when the scope no longer accepts work.
    @discardableResult
    public func run(service: some Service, name: String? = nil) throws(ScopeError) -> TaskHandle<Void> {
        let taskName = name ?? "service \(type(of: service))"
        let logger = self.logger
        return try spawn(name: taskName) {
            try await LifecycleServiceRunner(service: service, name: taskName, logger: logger).run(in: self)
        }
    }
}

/// One `Service` in a signal-less `ServiceGroup`, bridged to a Grove scope's graceful signal.
struct LifecycleServiceRunner<S: Service>: Sendable {
    let service: S
    let name: String
    let logger: Logger

    /// Runs the group until the service ends; forwards `scope`'s graceful signal to the group.
    func run(in scope: TaskScope) async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, serviceName: name)],
            gracefulShutdownSignals: [],
            cancellationSignals: [],
            logger: logger
        ))
        // Each child says whether it was the service's group (true) or the forwarder (false).
        try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            tasks.addTask {
                do {
                    try await scope.waitForGracefulShutdown()
                } catch {
                    return false  // cancelled: the service ended first, or the forced phase came
                }
                await group.triggerGracefulShutdown()
                return false
            }
            // A failure of the group is rethrown here; the forwarder is then cancelled.
            while let wasService = try await tasks.next() {
                if wasService {
                    tasks.cancelAll()
                    return
                }
            }
        }
    }
}

import Synchronization

extension TaskScope {
    /// Runs `operation` in the current task, registered in this scope as if it had been
    /// spawned here: counted, observed, shown in snapshots and stuck reports, cancelled by the
    /// scope's forced phase, and its failure handled by the scope's policy (then rethrown).
    ///
    /// This is how a task runs work "in" another scope without a task of its own (a task that
    /// adopts many pieces in turn uses an ``AdoptionSite``, which is cheaper per piece). Work that was
    /// already accepted upstream is admitted while the scope drains (it has not reached its
    /// forced phase); cancelling the adopted work cancels the current task.
    ///
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` once the scope is in its forced phase or
    ///   stopped; otherwise whatever `operation` throws.
    public func adopt<T: Sendable>(
        name: String,
        _ operation: @Sendable () async throws -> T
    ) async throws -> T {
        let record = try registerAdopted(name: name)
        let handle = withUnsafeCurrentTask { AdoptedTaskHandle($0) }
        record.attach(handle)
        if tree.hasObservers { emit(.spawned, for: record, error: nil) }
        defer { handle.detach() }
        return try await run(record, operation)
    }
}

/// The cancellation handle of an adopted task: the current task, reachable only while the
/// adoption lasts (``detach()`` waits for a cancel in progress, so the task is never touched
/// after the adopting call returned).
final class AdoptedTaskHandle: CancellableTask, @unchecked Sendable {
    private let lock = Mutex(())
    /// Guarded by `lock`.
    nonisolated(unsafe) private var task: UnsafeCurrentTask?

    init(_ task: UnsafeCurrentTask?) {
        self.task = task
    }

    func cancel() {
        lock.withLock { _ in task?.cancel() }
    }

    func detach() {
        lock.withLock { _ in task = nil }
    }
}

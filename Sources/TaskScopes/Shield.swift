extension TaskScope {
    /// Runs a critical section (a commit, a flush) that forced shutdown does not cancel, for at
    /// most `maxDuration` on the tree's clock.
    ///
    /// The operation runs in its own task on the tree's executor, so cancelling the caller
    /// (forced shutdown, a timeout) does not reach it; the caller waits for it. After
    /// `maxDuration` the operation is cancelled and ``TimeoutError`` is thrown. While the shield is
    /// active, the forced phase of the scope waits for it up to its bound (never beyond a global
    /// deadline), and reports show the task as `shielded`.
    public func shielded<T: Sendable>(
        maxDuration: Duration,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let deadline = tree.clock.now() + maxDuration
        let record = TaskScope.context?.task
        record?.enterShield(until: deadline)
        defer { record?.exitShield() }
        let shieldedTask = Task(executorPreference: tree.executor) {
            try await self.withDeadline(offset: deadline, operation: operation)
        }
        return try await shieldedTask.value
    }

    /// ``shielded(maxDuration:operation:)`` in the current task's scope.
    ///
    /// - Throws: ``ScopeError`` `.noCurrentScope` outside a scope.
    public static func shielded<T: Sendable>(
        maxDuration: Duration,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard let scope = current else {
            throw ScopeError(.noCurrentScope, scopePath: "", message: "shielded(maxDuration:) called outside any task scope")
        }
        return try await scope.shielded(maxDuration: maxDuration, operation: operation)
    }
}

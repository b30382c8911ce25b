extension TaskScope {
    /// The scope context of the running task; bound for every task spawned through a scope.
    @TaskLocal static var context: ScopeTaskContext?

    /// The scope the current task was spawned into (inherited by its structured children),
    /// or nil outside any scope. Lets library code spawn into the scope it runs in.
    public static var current: TaskScope? { context?.scope }

    /// Runs `operation` with ``current`` bound to this scope without spawning a task
    /// (e.g. for a `main` that wants library code to find the root).
    public func withCurrent<T>(
        _ operation: () async throws -> T,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> T {
        try await TaskScope.$context.withValue(ScopeTaskContext(scope: self, task: nil), operation: operation)
    }
}

/// A handle to a task spawned into a scope: await its result or cancel it.
///
/// Dropping the handle does not cancel the task; the scope keeps tracking it.
public struct TaskHandle<Success: Sendable>: Sendable {
    let task: Task<Success, any Error>
    /// The task's id, unique within its scope.
    public let id: UInt64
    /// The name given at spawn.
    public let name: String
    /// The path of the scope the task runs in.
    public let scopePath: String

    /// The task's result; rethrows its error.
    public var value: Success {
        get async throws { try await task.value }
    }

    /// The task's result as a `Result`.
    public var result: Result<Success, any Error> {
        get async { await task.result }
    }

    /// Requests cancellation of the task.
    public func cancel() { task.cancel() }

    /// Whether cancellation was requested.
    public var isCancelled: Bool { task.isCancelled }
}

import GroveLoop
import GroveTestSupport
import Testing

/// Runs `body` as a task on the executor of a fresh loop on its own thread, then stops it.
func withLoop<T: Sendable>(
    _ body: @escaping @Sendable (EventLoop) async throws -> T
) async throws -> T {
    let thread = try LoopThread(name: "test-loop")
    defer { thread.shutdown() }
    return try await thread.submit { try await body(thread.loop) }
}

/// Fails the test when `operation` takes longer than `limit` of real time (a bound on a wait,
/// not a performance assertion): the operation is cancelled and the error is `WaitTimedOut`.
func within<T: Sendable>(
    _ limit: Duration,
    _ what: String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw WaitTimedOut(what: what, limit: limit)
        }
        return value
    }
}

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
/// The limit is scaled by `GROVE_TEST_TIMEOUT_SCALE` (`TestTimeouts`).
func within<T: Sendable>(
    _ stated: Duration,
    _ what: String,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let limit = TestTimeouts.scaled(stated)
    return try await withThrowingTaskGroup(of: T?.self) { group in
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

/// Runs `body` with a connected TCP pair on loopback (client, accepted server side); closes
/// both and the listener afterwards.
func withConnectedPair<T: Sendable>(
    _ loop: EventLoop,
    _ body: (TCPConnection, TCPConnection) async throws -> T
) async throws -> T {
    let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
    defer { listener.close() }
    let client = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: listener.localAddress.port!)
    defer { client.close() }
    let server = try await listener.accept()
    defer { server.close() }
    return try await body(client, server)
}

/// Starts `operation` as a task on the loop; its value is whether it threw a ``LoopError``
/// that `expected` accepts (false when it returned or threw anything else).
func taskExpectingLoopError(
    on loop: EventLoop,
    _ expected: @escaping @Sendable (LoopError) -> Bool,
    _ operation: @escaping @Sendable () async throws -> Void
) -> Task<Bool, Never> {
    Task(executorPreference: loop.executor) {
        do {
            try await operation()
            return false
        } catch let error as LoopError {
            return expected(error)
        } catch {
            return false
        }
    }
}

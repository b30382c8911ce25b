/// Thrown by ``withTimeout(_:clock:operation:)`` and ``withDeadline(_:clock:operation:)`` when
/// the operation did not finish in time (it was cancelled and awaited).
public struct TimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The timeout that elapsed, when the call was given one.
    public let timeout: Duration?

    /// Creates a timeout error for `timeout` (nil: a deadline was missed).
    public init(timeout: Duration?) {
        self.timeout = timeout
    }

    /// e.g. `operation timed out after 5.000s`.
    public var description: String {
        timeout.map { "operation timed out after \(formatSeconds($0.inSeconds))" } ?? "operation missed its deadline"
    }
}

private enum DeadlineRace<T: Sendable>: Sendable {
    case finished(T)
    case deadlinePassed
}

/// Runs `operation`, cancelling it if it has not finished by `deadline` on `clock`.
///
/// The operation runs as a child task (same executor preference and task locals); on timeout it
/// is cancelled and awaited before ``TimeoutError`` is thrown.
public func withDeadline<C: Clock, T: Sendable>(
    _ deadline: C.Instant,
    clock: C,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await race(deadline: { try await clock.sleep(until: deadline, tolerance: nil) }, timeout: nil, operation)
}

/// Runs `operation`, cancelling it if it has not finished within `timeout` on `clock`.
///
/// - Throws: ``TimeoutError`` on timeout, or whatever the operation throws.
public func withTimeout<T: Sendable>(
    _ timeout: Duration,
    clock: any Clock<Duration>,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await race(deadline: { try await clock.sleep(for: timeout) }, timeout: timeout, operation)
}

extension TaskScope {
    /// ``withTimeout(_:clock:operation:)`` on this tree's injected clock.
    public func withTimeout<T: Sendable>(
        _ timeout: Duration,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let clock = tree.clock
        let deadline = clock.now() + timeout
        return try await race(deadline: { try await clock.sleepUntil(deadline) }, timeout: timeout, operation)
    }

    /// Runs `operation` until the tree-clock offset `deadline` (used by shields).
    func withDeadline<T: Sendable>(
        offset deadline: Duration,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let clock = tree.clock
        return try await race(deadline: { try await clock.sleepUntil(deadline) }, timeout: nil, operation)
    }
}

private func race<T: Sendable>(
    deadline sleep: @escaping @Sendable () async throws -> Void,
    timeout: Duration?,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: DeadlineRace<T>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await sleep()
            return .deadlinePassed
        }
        defer { group.cancelAll() }
        switch try await group.next() {
        case .finished(let value): return value
        case .deadlinePassed, nil: throw TimeoutError(timeout: timeout)
        }
    }
}

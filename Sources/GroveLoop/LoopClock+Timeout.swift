import CLibUV

extension LoopClock {
    /// Runs `operation` and cancels it when it has not finished after `duration`.
    ///
    /// Throws a ``LoopError`` with the name `ETIMEDOUT` when the time ran out (the operation is
    /// cancelled and awaited first), or whatever the operation threw.
    public func withTimeout<T: Sendable>(
        _ duration: Duration,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withDeadline(now.advanced(by: duration), operation: operation)
    }

    /// Runs `operation` and cancels it when it has not finished at `deadline`.
    ///
    /// Throws a ``LoopError`` with the name `ETIMEDOUT` when the deadline passed first.
    public func withDeadline<T: Sendable>(
        _ deadline: Instant,
        operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await self.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw LoopError(code: UV_ETIMEDOUT.rawValue, operation: "deadline passed")
            }
            return value
        }
    }
}

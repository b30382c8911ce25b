extension StreamConnection {
    /// Runs `operation` with one cancellation handler for all its reads: cancelling the task
    /// ends the pending ``readMoreWithoutHandler()`` (and makes every later one throw) with a
    /// ``LoopError`` whose ``LoopError/isCancellation`` is set. For a task that reads many
    /// times, this is cheaper than ``readMore()``, which installs a handler per read. Call it on
    /// the loop; a cancellation that arrives after `operation` returned does not reach the
    /// reads of a later call (a parked connection served again by a new task).
    public func withCancellableReads<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ operation: () async throws -> T
    ) async rethrows -> T {
        let epoch = beginCancellableReads()
        return try await withTaskCancellationHandler {
            try await operation()
        } onCancel: {
            self.loop.executor.runOnLoop { self.cancelReads(epoch: epoch) }
        }
    }

    /// ``readMore()`` without a cancellation handler of its own: call it only inside
    /// ``withCancellableReads(isolation:_:)``, from the task that runs it. Same results and
    /// errors as ``readMore()``.
    @inlinable @inline(__always)
    public func readMoreWithoutHandler() async throws -> Bool {
        if let known = try prepareRead() { return known }
        return try await withUnsafeThrowingContinuation { park($0) }
    }
}

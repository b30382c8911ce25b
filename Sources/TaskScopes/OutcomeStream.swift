import Synchronization

/// The outcome of one task: its value or its error.
public struct TaskOutcome<Success: Sendable>: Sendable {
    /// The task's name.
    public let taskName: String
    /// The task's id within its scope.
    public let taskID: UInt64
    /// The value or the error.
    public let result: Result<Success, any Error>

    /// The value, or nil if the task failed.
    public var value: Success? { try? result.get() }

    /// The error, or nil if the task succeeded.
    public var error: (any Error)? {
        if case .failure(let error) = result { return error }
        return nil
    }
}

/// Tasks spawned into a scope whose outcomes arrive as an `AsyncSequence`, in completion order,
/// continuing past errors (aiotools' `as_completed_safe`).
///
/// Spawn with ``spawn(name:operation:)``, then call ``finish()``: iteration ends once every
/// spawned task's outcome was delivered (or when the scope shuts down and its tasks are done).
/// If the consumer stops iterating (break, cancellation), the tasks still pending are cancelled.
/// Failures go to the consumer (and the scope's `failed` counter and observers), not to error
/// handlers or the fail-fast policy. Iterate once only.
public final class OutcomeStream<Success: Sendable>: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = TaskOutcome<Success>

    private struct State {
        var pending = 0
        var finishing = false
        var cancelled = false
        var handles: [UInt64: TaskHandle<Void>] = [:]
        var endedBeforeRegistration: Set<UInt64> = []
    }

    private let scope: TaskScope
    private let stream: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation
    private let state = Mutex(State())

    init(scope: TaskScope) {
        self.scope = scope
        (stream, continuation) = AsyncStream.makeStream(of: Element.self)
        continuation.onTermination = { [weak self] _ in self?.cancelAll() }
    }

    /// Spawns a task into the stream's scope whose outcome will be delivered by the stream.
    ///
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` if the scope accepts no work.
    public func spawn(name: String, operation: @escaping @Sendable () async throws -> Success) throws(ScopeError) {
        state.withLock { $0.pending += 1 }
        let handle: TaskHandle<Void>
        do {
            handle = try scope.spawn(name: name) { () async throws -> Void in
                let id = TaskScope.context?.task?.id ?? 0
                let result: Result<Success, any Error>
                do { result = .success(try await operation()) } catch { result = .failure(error) }
                self.deliver(TaskOutcome(taskName: name, taskID: id, result: result))
                // The consumer receives the error: count it as a failure, route it nowhere else.
                if case .failure(let error) = result { throw HandledFailure(underlying: error) }
            }
        } catch {
            taskEnded(id: nil)
            throw error
        }
        let cancelNow = state.withLock { state -> Bool in
            if state.endedBeforeRegistration.remove(handle.id) != nil { return false }
            state.handles[handle.id] = handle
            return state.cancelled
        }
        if cancelNow { handle.cancel() }
    }

    /// No more tasks will be spawned: iteration ends after the pending outcomes.
    public func finish() {
        let done = state.withLock { state -> Bool in
            state.finishing = true
            return state.pending == 0
        }
        if done { continuation.finish() }
    }

    /// Cancels every task still pending.
    public func cancelAll() {
        let handles = state.withLock { state in
            state.cancelled = true
            return Array(state.handles.values)
        }
        for handle in handles { handle.cancel() }
    }

    /// Creates the iterator (once).
    public func makeAsyncIterator() -> AsyncStream<Element>.Iterator {
        stream.makeAsyncIterator()
    }

    private func deliver(_ outcome: Element) {
        continuation.yield(outcome)
        taskEnded(id: outcome.taskID)
    }

    private func taskEnded(id: UInt64?) {
        let done = state.withLock { state -> Bool in
            state.pending -= 1
            if let id, state.handles.removeValue(forKey: id) == nil { state.endedBeforeRegistration.insert(id) }
            return state.pending == 0 && (state.finishing || scope.isShuttingDown)
        }
        if done { continuation.finish() }
    }
}

extension TaskScope {
    /// An empty ``OutcomeStream`` bound to this scope; spawn into it, then call `finish()`.
    public func outcomes<T: Sendable>(of type: T.Type = T.self) -> OutcomeStream<T> {
        OutcomeStream(scope: self)
    }

    /// Spawns every operation into this scope and returns their outcomes in completion order.
    ///
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` if the scope accepts no work.
    public func outcomes<T: Sendable>(
        of operations: [(name: String, operation: @Sendable () async throws -> T)]
    ) throws(ScopeError) -> OutcomeStream<T> {
        let stream = OutcomeStream<T>(scope: self)
        for (name, operation) in operations {
            try stream.spawn(name: name, operation: operation)
        }
        stream.finish()
        return stream
    }
}

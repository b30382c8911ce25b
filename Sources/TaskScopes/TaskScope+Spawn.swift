/// How a scope task ended.
enum TaskEnd {
    case succeeded
    case failed(any Error)
    /// Failed, but the failure was already routed (e.g. a service escalation): count it only.
    case failedHandled(any Error)
    case cancelled(any Error)

    init(classifying error: any Error) {
        let handled = error as? HandledFailure
        if error is CancellationError || handled?.underlying is CancellationError || Task.isCancelled {
            self = .cancelled(handled?.underlying ?? error)
        } else if let handled {
            self = .failedHandled(handled.underlying)
        } else {
            self = .failed(error)
        }
    }
}

/// Thrown by library-internal loops whose failure was already routed to error handling.
struct HandledFailure: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String { String(describing: underlying) }
}

extension TaskScope {
    /// Spawns a task into this scope, from any task or thread.
    ///
    /// The task runs on the tree's executor preference with ``TaskScope/current`` bound to this
    /// scope. Its failure is handled according to the scope's ``policy``; the handle also rethrows it.
    ///
    /// - Parameters:
    ///   - name: A name for reports, observers and error handlers (e.g. the peer address).
    ///   - acceptedUpstream: The work was accepted before this scope began shutting down (the
    ///     next request of a connection accepted earlier): it is admitted while the scope drains,
    ///     until its forced phase, like adopted work.
    ///   - operation: The work.
    /// - Returns: A handle to await the result or cancel the task.
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` when the scope no longer accepts work.
    @discardableResult
    public func spawn<T: Sendable>(
        name: String,
        acceptedUpstream: Bool = false,
        operation: @escaping @Sendable () async throws -> T
    ) throws(ScopeError) -> TaskHandle<T> {
        let startedAt = tree.clock.now()
        let record = try state.withLock { (state: inout ScopeState) throws(ScopeError) -> ScopedOperation<T> in
            let admitted = acceptedUpstream ? state.lifecycle.admitsAcceptedWork : state.lifecycle.acceptsWork
            guard admitted else { throw .shuttingDown(path, cause: state.lifecycle.cause) }
            state.nextTaskID &+= 1
            let record = ScopedOperation(scope: self, operation: operation, id: state.nextTaskID,
                                         slot: state.live.nextSlot(), name: name, startedAt: startedAt)
            state.live.insert(record)
            state.counters.spawned += 1
            return record
        }
        if tree.hasObservers { emit(.spawned, for: record, error: nil) }
        let task = Task<T, any Error>(executorPreference: tree.executor) { try await record.run() }
        record.attach(task)
        return TaskHandle(task: task, id: record.id, name: name, scopePath: path)
    }

    func run<T: Sendable>(
        _ record: LiveTask,
        _ operation: @Sendable () async throws -> T
    ) async throws -> T {
        do {
            let value = try await TaskScope.$context.withValue(ScopeTaskContext(scope: self, task: record)) {
                try await operation()
            }
            taskEnded(record, .succeeded)
            return value
        } catch {
            taskEnded(record, TaskEnd(classifying: error))
            throw error
        }
    }

    func taskEnded(_ record: LiveTask, _ end: TaskEnd) {
        // Observers and error handling run before the task leaves the registry, so whoever
        // waits for the scope to go idle (shutdown, `waitForIdle`) sees their effects.
        switch end {
        case .succeeded:
            if tree.hasObservers { emit(.finished, for: record, error: nil) }
        case .cancelled(let error):
            if tree.hasObservers { emit(.cancelled, for: record, error: error) }
        case .failedHandled(let error):
            if tree.hasObservers { emit(.failed, for: record, error: error) }
        case .failed(let error):
            if tree.hasObservers { emit(.failed, for: record, error: error) }
            handleTaskFailure(TaskFailure(
                scopePath: path, taskName: record.name, taskID: record.id, error: error,
                duration: tree.clock.now() - record.startedAt))
        }
        let idleWaiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.live.remove(record)
            state.counters.count(end)
            guard state.live.isEmpty, !state.idleWaiters.isEmpty else { return [] }
            defer { state.idleWaiters.removeAll() }
            return Array(state.idleWaiters.values)
        }
        for waiter in idleWaiters { waiter.resume() }
    }

    /// Suspends until this scope has no running tasks of its own (returns at once if it has none,
    /// or when the waiting task is cancelled).
    public func waitForIdle() async {
        await suspend(until: .idle)
    }

    /// Suspends until `condition` holds (checked under the lock, then signalled by whoever makes
    /// it true) or the waiting task is cancelled.
    func suspend(until condition: ScopeState.WaitCondition) async {
        let id = state.withLock { $0.makeWaiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.holds(condition) || Task.isCancelled { return true }
                    state.addWaiter(continuation, id: id, for: condition)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.removeWaiter(id: id, for: condition) }?.resume()
        }
    }

    /// Waits until the scope is idle or `deadline` (tree-clock offset) passes; true if idle.
    func waitForIdle(until deadline: Duration) async -> Bool {
        if activeTaskCount == 0 { return true }
        let clock = tree.clock
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitForIdle()
                return !Task.isCancelled
            }
            group.addTask {
                try? await clock.sleepUntil(deadline)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || activeTaskCount == 0
        }
    }
}

extension TaskScope {
    /// Whether shutdown was requested for this scope (directly or through an ancestor).
    public var isShuttingDown: Bool {
        state.withLock { $0.lifecycle.phase != .running }
    }

    /// Whether ``spawn(name:operation:)`` would accept a task now: false once the scope's
    /// shutdown has begun for its own tasks.
    public var acceptsWork: Bool {
        state.withLock { $0.lifecycle.acceptsWork }
    }

    /// Why this scope is shutting down, or nil while it runs normally.
    public var shutdownCause: ShutdownCause? {
        state.withLock { $0.lifecycle.cause }
    }

    /// Whether this scope's tasks have received the graceful-shutdown signal.
    public var isGracefulShutdownSignalled: Bool {
        state.withLock { $0.lifecycle.gracefulSignalled }
    }

    /// Whether the current task's scope is shutting down (false outside any scope).
    /// Seeing `true` after the graceful signal counts as acknowledging it in stuck reports.
    public static var isShuttingDown: Bool {
        guard let context, let scope = context.scope else { return false }
        let (requested, signalled) = scope.state.withLock {
            ($0.lifecycle.phase != .running, $0.lifecycle.gracefulSignalled)
        }
        if signalled { context.task?.acknowledgeGraceful() }
        return requested
    }

    /// Why the current task's scope is shutting down (nil outside a scope or while running).
    public static var currentShutdownCause: ShutdownCause? {
        context?.scope?.shutdownCause
    }

    /// Suspends until this scope's tasks receive the graceful-shutdown signal (its turn in the
    /// shutdown order), and marks the current task as having acknowledged it.
    ///
    /// - Throws: `CancellationError` if the waiting task is cancelled first.
    public func waitForGracefulShutdown() async throws {
        await suspend(until: .gracefulSignal)
        guard isGracefulShutdownSignalled else { throw CancellationError() }
        TaskScope.context?.task?.acknowledgeGraceful()
    }

    /// Suspends until the current task's scope receives the graceful-shutdown signal.
    ///
    /// - Throws: ``ScopeError`` `.noCurrentScope` outside a scope; `CancellationError` on cancellation.
    public static func gracefulShutdown() async throws {
        guard let scope = current else {
            throw ScopeError(.noCurrentScope, scopePath: "", message: "gracefulShutdown() called outside any task scope")
        }
        try await scope.waitForGracefulShutdown()
    }

    /// Runs `operation`; if the current scope receives the graceful-shutdown signal meanwhile,
    /// calls `handler` once (at once if it was already sent). Outside a scope the handler never runs.
    /// In the style of swift-service-lifecycle's `withGracefulShutdownHandler`.
    public static func withGracefulShutdownHandler<T>(
        isolation: isolated (any Actor)? = #isolation,
        operation: () async throws -> T,
        onGracefulShutdown handler: @escaping @Sendable () -> Void
    ) async rethrows -> T {
        guard let context, let scope = context.scope else { return try await operation() }
        let record = context.task
        let acknowledgingHandler: @Sendable () -> Void = {
            record?.acknowledgeGraceful()
            handler()
        }
        guard let id = scope.registerGracefulHandler(acknowledgingHandler) else {
            acknowledgingHandler()
            return try await operation()
        }
        defer { scope.state.withLock { _ = $0.gracefulHandlers.removeValue(forKey: id) } }
        return try await operation()
    }

    /// Runs `operation` in a task that is cancelled when the current scope receives the graceful
    /// signal (or when the caller is cancelled) — e.g. an accept loop that should stop accepting
    /// as soon as shutdown reaches its scope. Outside a scope it is cancelled only with the caller.
    public static func cancelOnGracefulShutdown<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task = Task(executorPreference: current?.executor) { try await operation() }
        return try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } onGracefulShutdown: {
            task.cancel()
        }
    }

    /// Registers a handler; nil if the signal was already sent (the caller runs it then).
    private func registerGracefulHandler(_ handler: @escaping @Sendable () -> Void) -> UInt64? {
        state.withLock { state in
            guard !state.lifecycle.gracefulSignalled else { return nil }
            let id = state.makeWaiterID()
            state.gracefulHandlers[id] = handler
            return id
        }
    }

    /// Sends the graceful signal to this scope's tasks: resumes waiters, runs handlers.
    func signalGraceful() {
        let (waiters, handlers) = state.withLock { state in
            defer {
                state.gracefulWaiters.removeAll()
                state.gracefulHandlers.removeAll()
            }
            return (Array(state.gracefulWaiters.values),
                    state.gracefulHandlers.sorted { $0.key < $1.key }.map(\.value))
        }
        for waiter in waiters { waiter.resume() }
        for handler in handlers { handler() }
    }
}

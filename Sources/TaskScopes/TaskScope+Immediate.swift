extension TaskScope {
    /// Runs `work` now, on the calling thread, as a piece of this scope that cannot suspend:
    /// the cheapest form of work a scope can account for (an HTTP handler that answers without
    /// waiting, run right where its request was read).
    ///
    /// The piece is counted as spawned and then as succeeded, failed or cancelled; a failure
    /// goes to the scope's policy and error handler as a task's would (timed only when the tree
    /// has observers, which also see it spawn and end; otherwise its duration reads zero). It
    /// needs no task, so ``TaskScope/current`` is not bound inside it, and it cannot be
    /// cancelled — a piece that blocks blocks its thread, which the worker's heartbeat reports.
    ///
    /// Like ``AdoptionSite/begin(in:name:detail:)``, it admits work while the scope drains, until
    /// its forced phase.
    ///
    /// - Parameters:
    ///   - name: How the piece appears to observers and error handlers (`"GET"`); evaluated
    ///     only when one needs it.
    ///   - detail: Joined to the name after a space when a name is needed (`"/users/42"`);
    ///     evaluated only then.
    ///   - work: The synchronous work.
    /// - Returns: What `work` returned.
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` once the scope is in its forced phase or
    ///   stopped (then `work` does not run), or what `work` threw.
    @inlinable
    public func runImmediately<T>(
        name: @autoclosure () -> String, detail: @autoclosure () -> Substring? = nil, _ work: () throws -> T
    ) throws -> T {
        // Inlinable, so that a caller's work and result are specialized in place; the rare
        // paths (observers, failure) are calls.
        if observesPieces { return try runObservedImmediately(name: name(), detail: detail(), work) }
        let id = try admitImmediate()
        do {
            let value = try work()
            countImmediateSuccess()
            return value
        } catch {
            immediateFailed(error, id: id, name: name(), detail: detail())
            throw error
        }
    }

    /// Whether observers see pieces spawn and end (then a piece gets a record, as a task does).
    @usableFromInline
    var observesPieces: Bool { tree.hasObservers }

    /// ``runImmediately(name:detail:_:)`` while the tree has observers: they are told about a
    /// record, as for adopted work.
    @usableFromInline
    func runObservedImmediately<T>(name: String, detail: Substring?, _ work: () throws -> T) throws -> T {
        let record = try registerAdopted(name: name, detail: detail)
        emit(.spawned, for: record, error: nil)
        do {
            let value = try work()
            taskEnded(record, .succeeded)
            return value
        } catch {
            taskEnded(record, TaskEnd(classifying: error))
            throw error
        }
    }

    /// Counts an immediate piece as succeeded (an atomic add: snapshots read it under the lock).
    @usableFromInline
    func countImmediateSuccess() {
        immediateSucceeded.wrappingAdd(1, ordering: .releasing)
    }

    /// Counts an immediate piece as spawned; returns its id.
    @usableFromInline
    func admitImmediate() throws(ScopeError) -> UInt64 {
        try state.withLock { (state: inout ScopeState) throws(ScopeError) -> UInt64 in
            guard state.lifecycle.admitsAcceptedWork else { throw .shuttingDown(path, cause: state.lifecycle.cause) }
            state.nextTaskID &+= 1
            state.counters.spawned += 1
            return state.nextTaskID
        }
    }

    /// Routes an immediate piece's error as a task's end would be routed, then counts it.
    @usableFromInline
    func immediateFailed(_ error: any Error, id: UInt64, name: String, detail: Substring?) {
        let end = TaskEnd(classifying: error)
        if case .failed(let failure) = end {
            handleTaskFailure(TaskFailure(scopePath: path, taskName: detail.map { "\(name) \($0)" } ?? name, taskID: id,
                                          error: failure, duration: .zero))
        }
        state.withLock { $0.counters.count(end) }
    }
}

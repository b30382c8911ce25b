import Synchronization

/// A task's standing permission to run pieces of work inline, one after another, each
/// registered in a scope of its choice — the cheap form of ``TaskScope/adopt(name:_:)`` for a
/// task that adopts many pieces (a connection adopting each of its requests).
///
/// ``TaskScope/withAdoptionSite(_:)`` binds the task-local context and captures the task's
/// cancellation handle once; each ``begin(in:name:)`` then only registers a record in the
/// scope. While a piece runs, ``TaskScope/current`` inside it (and in its structured child
/// tasks) is the scope it was registered in; the piece is counted, observed, shown in snapshots
/// and stuck reports, cancelled by that scope's forced phase (which cancels the adopting task),
/// and its failure goes to that scope's policy.
///
/// An unstructured `Task {}` created inside a piece copies the site, not the piece: once the
/// piece has ended it sees whatever the adopting task runs next. Spawn through a scope instead.
public final class AdoptionSite: Sendable {
    /// The piece of work running now, if any.
    struct Active: Sendable {
        let scope: TaskScope
        let record: LiveTask
    }

    /// The scope the adopting task itself runs in (restored between pieces).
    let home: ScopeTaskContext?
    let handle: AdoptedTaskHandle
    private let active = Mutex<Active?>(nil)

    init(home: ScopeTaskContext?, handle: AdoptedTaskHandle) {
        self.home = home
        self.handle = handle
    }

    /// The running piece (nil between pieces).
    var current: Active? {
        active.withLock { $0 }
    }

    /// Registers a piece of work run inline by the adopting task in `scope`, as if it had been
    /// spawned there, until ``AdoptedWork/finish()`` or ``AdoptedWork/fail(_:)``. Work that was
    /// already accepted upstream is admitted while the scope drains (it has not reached its
    /// forced phase). Call only from the task that owns the site, one piece at a time.
    ///
    /// - Parameters:
    ///   - scope: The scope that counts, reports and may cancel the piece.
    ///   - name: How the piece appears in reports and to observers.
    /// - Throws: ``ScopeError`` `.scopeShuttingDown` once `scope` is in its forced phase or stopped.
    public func begin(in scope: TaskScope, name: String) throws(ScopeError) -> AdoptedWork {
        try begin(in: scope, name: name, detail: nil)
    }

    /// ``begin(in:name:)`` for a piece named `"\(name) \(detail)"` (a request: `"GET /users/42"`):
    /// the two parts are kept and joined only when a report or an observer asks for the name.
    public func begin(in scope: TaskScope, name: String, detail: Substring?) throws(ScopeError) -> AdoptedWork {
        let record = try scope.registerAdopted(name: name, detail: detail)
        record.attach(handle)
        active.withLock { $0 = Active(scope: scope, record: record) }
        if scope.tree.hasObservers { scope.emit(.spawned, for: record, error: nil) }
        return AdoptedWork(site: self, scope: scope, record: record)
    }

    /// Ends the running piece: it can no longer be cancelled through its record.
    fileprivate func end(_ record: LiveTask) {
        record.detach()
        active.withLock { $0 = nil }
    }
}

/// One piece of work registered through ``AdoptionSite/begin(in:name:)``; end it exactly once.
public struct AdoptedWork: Sendable {
    let site: AdoptionSite
    let scope: TaskScope
    let record: LiveTask

    /// The piece succeeded: it leaves its scope's registry.
    public func finish() {
        site.end(record)
        scope.taskEnded(record, .succeeded)
    }

    /// The piece ended with `error`: a cancellation is counted as such, any other error goes to
    /// the scope's failure policy and error handler, then the piece leaves the registry.
    public func fail(_ error: any Error) {
        site.end(record)
        scope.taskEnded(record, TaskEnd(classifying: error))
    }
}

extension TaskScope {
    /// Runs `operation` with an ``AdoptionSite`` for the current task: the pieces the task
    /// adopts through it are registered in scopes without a task-local binding or handle each.
    /// Outside ``AdoptionSite/begin(in:name:)`` pieces, ``current`` stays what it was.
    public static func withAdoptionSite<T>(
        _ operation: (AdoptionSite) async throws -> T,
        isolation: isolated (any Actor)? = #isolation
    ) async rethrows -> T {
        let handle = withUnsafeCurrentTask { AdoptedTaskHandle($0) }
        defer { handle.detach() }
        let site = AdoptionSite(home: context, handle: handle)
        return try await $context.withValue(ScopeTaskContext(site: site)) {
            try await operation(site)
        }
    }

    /// Registers an adopted piece of work: the record, counted as spawned.
    func registerAdopted(name: String, detail: Substring?) throws(ScopeError) -> LiveTask {
        let startedAt = tree.clock.now()
        return try state.withLock { (state: inout ScopeState) throws(ScopeError) -> LiveTask in
            guard state.lifecycle.admitsAcceptedWork else { throw .shuttingDown(path, cause: state.lifecycle.cause) }
            state.nextTaskID &+= 1
            let record = LiveTask(id: state.nextTaskID, slot: state.live.nextSlot(), name: name, detail: detail,
                                  startedAt: startedAt)
            state.live.insert(record)
            state.counters.spawned += 1
            return record
        }
    }
}

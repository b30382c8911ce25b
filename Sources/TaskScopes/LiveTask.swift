import Synchronization

/// Anything whose `cancel()` can be called: lets the registry hold a `Task` of any result type
/// without boxing it in a closure.
protocol CancellableTask: Sendable {
    func cancel()
}

extension Task: CancellableTask {}

/// The registry record of one running task: the only per-spawn allocation besides the task.
///
/// Removed from its scope's registry when the task ends, so finished tasks keep nothing alive.
/// `@unchecked` only because the class is not final (see ``ScopedOperation``): every stored
/// property is immutable or guarded by the `Mutex`.
class LiveTask: @unchecked Sendable {
    struct Flags {
        var handle: (any CancellableTask)?
        var cancelRequested = false
        var acknowledgedGraceful = false
        var shieldDepth = 0
        var shieldDeadline: Duration?
    }

    let id: UInt64
    /// Position in the scope's ``TaskRegistry``.
    let slot: Int
    let name: String
    let startedAt: Duration
    private let flags = Mutex(Flags())

    init(id: UInt64, slot: Int, name: String, startedAt: Duration) {
        self.id = id
        self.slot = slot
        self.name = name
        self.startedAt = startedAt
    }

    /// Stores the task handle; cancels at once if a cancellation arrived before the handle did.
    func attach(_ handle: some CancellableTask) {
        let cancelNow = flags.withLock { flags in
            flags.handle = handle
            return flags.cancelRequested
        }
        if cancelNow { handle.cancel() }
    }

    /// Cancels the task (now, or as soon as its handle is attached).
    func cancel() {
        let handle = flags.withLock { flags in
            flags.cancelRequested = true
            return flags.handle
        }
        handle?.cancel()
    }

    /// Forgets the task handle: later cancellations of this record reach nothing (an adopted
    /// piece of work that ended, while its task goes on).
    func detach() {
        flags.withLock { $0.handle = nil }
    }

    func acknowledgeGraceful() {
        flags.withLock { $0.acknowledgedGraceful = true }
    }

    func enterShield(until deadline: Duration) {
        flags.withLock { flags in
            flags.shieldDepth += 1
            flags.shieldDeadline = max(flags.shieldDeadline ?? deadline, deadline)
        }
    }

    func exitShield() {
        flags.withLock { flags in
            flags.shieldDepth -= 1
            if flags.shieldDepth == 0 { flags.shieldDeadline = nil }
        }
    }

    /// The deadline of the active shield, if the task is inside one.
    var shieldDeadline: Duration? {
        flags.withLock { $0.shieldDeadline }
    }

    func info(scopePath: String, now: Duration, phase: ScopePhase) -> TaskInfo {
        let flags = flags.withLock { $0 }
        return TaskInfo(
            scopePath: scopePath, taskName: name, taskID: id,
            ageSeconds: (now - startedAt).inSeconds,
            acknowledgedGraceful: flags.acknowledgedGraceful,
            shielded: flags.shieldDepth > 0,
            phase: phase
        )
    }
}

/// A live task together with its scope and operation, so the spawned `Task` closure captures a
/// single reference and needs no context allocation of its own.
final class ScopedOperation<Success: Sendable>: LiveTask, @unchecked Sendable {
    let scope: TaskScope
    let operation: @Sendable () async throws -> Success

    init(scope: TaskScope, operation: @escaping @Sendable () async throws -> Success,
         id: UInt64, slot: Int, name: String, startedAt: Duration) {
        self.scope = scope
        self.operation = operation
        super.init(id: id, slot: slot, name: name, startedAt: startedAt)
    }

    func run() async throws -> Success {
        try await scope.run(self, operation)
    }
}

/// What the task-local `TaskScope.current` carries: the scope and the record of the spawned task
/// (used to note graceful acknowledgements and shields), or an ``AdoptionSite`` whose running
/// piece of work (else the adopting task's own context) provides both.
struct ScopeTaskContext: Sendable {
    private let ownScope: TaskScope?
    private let ownTask: LiveTask?
    private let site: AdoptionSite?

    init(scope: TaskScope, task: LiveTask?) {
        ownScope = scope
        ownTask = task
        site = nil
    }

    init(site: AdoptionSite) {
        ownScope = nil
        ownTask = nil
        self.site = site
    }

    /// The scope of the running task (or adopted piece); nil only for a site outside any scope
    /// between pieces.
    var scope: TaskScope? {
        guard let site else { return ownScope }
        return site.current?.scope ?? site.home?.scope
    }

    /// The record of the running task (or adopted piece).
    var task: LiveTask? {
        guard let site else { return ownTask }
        return site.current?.record ?? site.home?.task
    }
}

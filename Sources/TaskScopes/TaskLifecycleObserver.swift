/// Receives lifecycle events of every task in the subtree of the scope it is registered on.
///
/// Callbacks run synchronously on the task's thread: keep them short and non-blocking.
/// Every method has an empty default, so implement only what you need.
public protocol TaskLifecycleObserver: Sendable {
    /// A task was registered in a scope (before it starts running).
    func taskSpawned(_ event: TaskLifecycleEvent)
    /// A task returned normally.
    func taskFinished(_ event: TaskLifecycleEvent)
    /// A task threw an error other than cancellation.
    func taskFailed(_ event: TaskLifecycleEvent)
    /// A task ended by cancellation.
    func taskCancelled(_ event: TaskLifecycleEvent)
}

extension TaskLifecycleObserver {
    /// Does nothing.
    public func taskSpawned(_ event: TaskLifecycleEvent) {}
    /// Does nothing.
    public func taskFinished(_ event: TaskLifecycleEvent) {}
    /// Does nothing.
    public func taskFailed(_ event: TaskLifecycleEvent) {}
    /// Does nothing.
    public func taskCancelled(_ event: TaskLifecycleEvent) {}
}

/// One lifecycle event of one task.
public struct TaskLifecycleEvent: Sendable {
    /// The kind of event.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Registered in the scope.
        case spawned
        /// Returned normally.
        case finished
        /// Threw an error.
        case failed
        /// Ended by cancellation.
        case cancelled
    }

    /// What happened.
    public let kind: Kind
    /// Path of the task's scope.
    public let scopePath: String
    /// The task's name.
    public let taskName: String
    /// The task's id within its scope.
    public let taskID: UInt64
    /// Time since spawn; zero for `spawned`.
    public let duration: Duration
    /// The error, for `failed` and `cancelled`.
    public let error: (any Error)?
}

/// Identifies a registration made with ``TaskScope/addObserver(_:)``; pass it to
/// ``TaskScope/removeObserver(_:)``.
public struct ObserverToken: Hashable, Sendable {
    let id: UInt64
    /// The path of the scope the observer was registered on.
    public let scopePath: String
}

struct ObserverEntry: Sendable {
    let id: UInt64
    let observer: any TaskLifecycleObserver
}

/// The observers registered on one scope, and those that see its events: its own plus every
/// ancestor's, precomputed so an event costs one lock and one array copy.
struct ObserverSet: Sendable {
    var own: [ObserverEntry] = []
    var effective: [any TaskLifecycleObserver] = []
}

extension TaskScope {
    /// Registers an observer for this scope and all its descendants.
    @discardableResult
    public func addObserver(_ observer: any TaskLifecycleObserver) -> ObserverToken {
        let id = tree.nextObserverID.add(1, ordering: .relaxed).newValue
        tree.observerTopology.withLock { _ in
            observers.withLock { $0.own.append(ObserverEntry(id: id, observer: observer)) }
            refreshObserversLocked()
        }
        tree.observerCount.add(1, ordering: .relaxed)
        return ObserverToken(id: id, scopePath: path)
    }

    /// Removes a registration; does nothing if it was already removed or belongs to another scope.
    public func removeObserver(_ token: ObserverToken) {
        let removed = tree.observerTopology.withLock { _ -> Bool in
            let removed = observers.withLock { set -> Bool in
                guard let index = set.own.firstIndex(where: { $0.id == token.id }) else { return false }
                set.own.remove(at: index)
                return true
            }
            if removed { refreshObserversLocked() }
            return removed
        }
        if removed { tree.observerCount.subtract(1, ordering: .relaxed) }
    }

    /// Recomputes the effective observers of this scope and its subtree.
    func refreshObservers() {
        tree.observerTopology.withLock { _ in refreshObserversLocked() }
    }

    private func refreshObserversLocked() {
        let inherited = parent?.observers.withLock { $0.effective } ?? []
        observers.withLock { $0.effective = $0.own.map(\.observer) + inherited }
        for child in children { child.refreshObserversLocked() }
    }

    /// Delivers one event to the observers of this scope and of every ancestor.
    func emit(_ kind: TaskLifecycleEvent.Kind, for record: LiveTask, error: (any Error)?) {
        let observers = observers.withLock { $0.effective }
        guard !observers.isEmpty else { return }
        let duration = kind == .spawned ? .zero : tree.clock.now() - record.startedAt
        let event = TaskLifecycleEvent(kind: kind, scopePath: path, taskName: record.name,
                                       taskID: record.id, duration: duration, error: error)
        for observer in observers {
            switch kind {
            case .spawned: observer.taskSpawned(event)
            case .finished: observer.taskFinished(event)
            case .failed: observer.taskFailed(event)
            case .cancelled: observer.taskCancelled(event)
            }
        }
    }
}

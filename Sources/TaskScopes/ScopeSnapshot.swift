/// A point-in-time view of a scope and its subtree with counters, encodable as JSON.
public struct ScopeSnapshot: Sendable, Codable {
    /// The scope's name.
    public var name: String
    /// The scope's path.
    public var path: String
    /// Its failure policy.
    public var policy: ScopePolicy
    /// Where it is in its life.
    public var phase: ScopePhase
    /// Why it is shutting down, if it is.
    public var cause: ShutdownCause?
    /// Own tasks running now.
    public var active: Int
    /// Own tasks spawned since creation.
    public var spawned: Int
    /// Own tasks that returned normally.
    public var succeeded: Int
    /// Own tasks that threw.
    public var failed: Int
    /// Own tasks that ended by cancellation.
    public var cancelled: Int
    /// Own tasks abandoned as stuck by shutdown.
    public var stuck: Int
    /// How long its last shutdown took, once it has shut down.
    public var drainSeconds: Double?
    /// Its running tasks, when requested.
    public var tasks: [TaskInfo]?
    /// Its child scopes, oldest first.
    public var children: [ScopeSnapshot]

    /// The snapshot of the scope at `path` in this subtree.
    public func find(path: String) -> ScopeSnapshot? {
        if self.path == path { return self }
        for child in children {
            if let found = child.find(path: path) { return found }
        }
        return nil
    }

    /// The snapshot as JSON.
    public func jsonString(prettyPrinted: Bool = true) -> String {
        encodeJSON(self, prettyPrinted: prettyPrinted)
    }
}

extension TaskScope {
    /// A snapshot of this scope and its subtree; with `includeTasks`, every running task too.
    public func snapshot(includeTasks: Bool = false) -> ScopeSnapshot {
        // Immediate successes are read under the lock too: a piece is admitted under it before
        // it succeeds, so a snapshot never counts more successes than spawns.
        let (lifecycle, counters, immediateSucceeded, active, drain, children) = state.withLock {
            ($0.lifecycle, $0.counters, self.immediateSucceeded.load(ordering: .acquiring), $0.live.count,
             $0.lastDrain, $0.children)
        }
        return ScopeSnapshot(
            name: name, path: path, policy: policy, phase: lifecycle.phase, cause: lifecycle.cause,
            active: active, spawned: counters.spawned, succeeded: counters.succeeded + immediateSucceeded,
            failed: counters.failed, cancelled: counters.cancelled, stuck: counters.stuck,
            drainSeconds: drain?.inSeconds,
            tasks: includeTasks ? liveTasks(foundAt: lifecycle.phase) : nil,
            children: children.map { $0.snapshot(includeTasks: includeTasks) })
    }
}

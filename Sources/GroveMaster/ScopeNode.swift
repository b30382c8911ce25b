import Foundation

/// One scope of a worker's tree as its snapshot JSON describes it (the fields of TaskScopes'
/// `ScopeSnapshot` that the control socket shows), and the sum of several workers' trees.
public struct ScopeNode: Sendable, Hashable, Codable {
    /// The scope's name.
    public var name: String
    /// Its path from the root, e.g. `root/apps/hello/handlers`.
    public var path: String
    /// `running`, `graceful`, … (in a merged tree: the least advanced phase of the workers).
    public var phase: String
    /// Tasks running now.
    public var active: Int
    /// Tasks started.
    public var spawned: Int
    /// Tasks that returned.
    public var succeeded: Int
    /// Tasks that threw.
    public var failed: Int
    /// Tasks that ended cancelled.
    public var cancelled: Int
    /// Tasks abandoned at a shutdown deadline.
    public var stuck: Int
    /// How long the scope's drain took, once drained (in a merged tree: the longest).
    public var drainSeconds: Double?
    /// Its running tasks, when the snapshot listed them.
    public var tasks: [ScopeTask]?
    /// Child scopes.
    public var children: [ScopeNode]

    /// Decodes a worker's snapshot JSON; `pid` is written into each task.
    public static func decode(snapshotJSON json: String, pid: Int32) throws -> ScopeNode {
        var node = try JSONDecoder().decode(ScopeNode.self, from: Data(json.utf8))
        node.tagTasks(pid: pid)
        return node
    }

    private mutating func tagTasks(pid: Int32) {
        if tasks != nil {
            for index in tasks!.indices { tasks![index].worker = pid }
        }
        for index in children.indices { children[index].tagTasks(pid: pid) }
    }

    /// Sums trees scope by scope (matched by path): counters add up, tasks are listed together,
    /// children present in only some trees are kept.
    public static func merge(_ trees: [ScopeNode]) -> ScopeNode? {
        guard var result = trees.first else { return nil }
        for tree in trees.dropFirst() { result.add(tree) }
        return result
    }

    private mutating func add(_ other: ScopeNode) {
        active += other.active
        spawned += other.spawned
        succeeded += other.succeeded
        failed += other.failed
        cancelled += other.cancelled
        stuck += other.stuck
        if let seconds = other.drainSeconds { drainSeconds = max(drainSeconds ?? 0, seconds) }
        if other.phase != phase, Self.phaseOrder(other.phase) < Self.phaseOrder(phase) { phase = other.phase }
        if let more = other.tasks { tasks = (tasks ?? []) + more }
        for child in other.children {
            if let index = children.firstIndex(where: { $0.path == child.path }) {
                children[index].add(child)
            } else {
                children.append(child)
            }
        }
    }

    /// Phases from least to most advanced (unknown names sort first).
    private static func phaseOrder(_ phase: String) -> Int {
        ["running", "shutdownRequested", "drainingChildren", "graceful", "forced", "stopped"].firstIndex(of: phase) ?? -1
    }

    /// Every scope of the tree, depth first, with its depth.
    public func flattened(depth: Int = 0) -> [(depth: Int, node: ScopeNode)] {
        [(depth, self)] + children.flatMap { $0.flattened(depth: depth + 1) }
    }
}

/// A task running in a scope, as a snapshot lists it.
public struct ScopeTask: Sendable, Hashable, Codable {
    /// The task's name, e.g. `GET /lab/sleep`.
    public var taskName: String
    /// The task's id within its worker.
    public var taskID: UInt64
    /// Seconds since it started.
    public var ageSeconds: Double
    /// The worker running it (filled in by the master).
    public var worker: Int32?
}

/// The answer to `grove ctl tree`: each worker's tree, their sum, and the workers that did not answer.
public struct TreeReport: Sendable, Hashable, Codable {
    /// The workers that answered, by slot and pid.
    public var workers: [WorkerTree]
    /// The workers' trees summed scope by scope.
    public var merged: ScopeNode?
    /// Workers asked that did not answer in time (or sent an unreadable tree).
    public var missing: [MissingWorker]
}

/// One worker's tree in a ``TreeReport``.
public struct WorkerTree: Sendable, Hashable, Codable {
    /// The worker's pid.
    public var pid: Int32
    /// Its slot.
    public var slot: Int
    /// Its generation.
    public var generation: Int
    /// Its scope tree.
    public var tree: ScopeNode
}

/// A worker missing from a ``TreeReport``.
public struct MissingWorker: Sendable, Hashable, Codable {
    /// The worker's pid.
    public var pid: Int32
    /// Its slot.
    public var slot: Int
    /// Why it is missing.
    public var reason: String
}

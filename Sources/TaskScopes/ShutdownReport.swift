#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A task as seen at one moment: where it runs, how old it is, whether it heard the graceful
/// signal, whether it is shielded, and the phase its scope was in.
public struct TaskInfo: Sendable, Hashable, Codable {
    /// Path of the task's scope.
    public var scopePath: String
    /// The task's name.
    public var taskName: String
    /// The task's id within its scope.
    public var taskID: UInt64
    /// Seconds since the task was spawned.
    public var ageSeconds: Double
    /// Whether the task observed the graceful-shutdown signal (awaited it, ran a handler for it,
    /// or saw `TaskScope.isShuttingDown` after it was sent).
    public var acknowledgedGraceful: Bool
    /// Whether the task was inside a `shielded` section.
    public var shielded: Bool
    /// The scope's phase when the task was seen. In shutdown reports: `graceful` for a task still
    /// running at the graceful deadline (it was then cancelled), `forced` for one still running
    /// at the forced deadline (it was abandoned).
    public var phase: ScopePhase
}

/// A task still running at a phase deadline of a shutdown (see ``TaskInfo/phase``).
public typealias StuckTask = TaskInfo

/// What the shutdown of one scope (and, recursively, its children) did. Codable as JSON.
public struct ShutdownReport: Sendable, Codable {
    /// The scope's path.
    public var scopePath: String
    /// Why it shut down.
    public var cause: ShutdownCause
    /// `graceful` if every own task ended after the signal, `forced` if some had to be cancelled.
    public var phaseReached: ScopePhase
    /// Tree-clock seconds at which this scope's shutdown started.
    public var startedAtSeconds: Double
    /// How long the whole shutdown of this scope took, children included.
    public var drainSeconds: Double
    /// Effective graceful budget of the scope's own tasks after shrinking to the parent's remainder.
    public var gracefulBudgetSeconds: Double
    /// Effective forced budget (zero when the forced phase was not needed).
    public var forcedBudgetSeconds: Double
    /// Tasks still running at the graceful deadline (they were cancelled).
    public var lingering: [StuckTask]
    /// Tasks still running at the forced deadline: reported stuck and abandoned.
    public var abandoned: [StuckTask]
    /// Reports of the child scopes, in creation order.
    public var children: [ShutdownReport]

    /// Every abandoned task in this subtree.
    public var allAbandoned: [StuckTask] { abandoned + children.flatMap(\.allAbandoned) }

    /// Every task still running at a graceful deadline anywhere in this subtree.
    public var allLingering: [StuckTask] { lingering + children.flatMap(\.allLingering) }

    /// True when nothing had to be abandoned anywhere in the subtree.
    public var isClean: Bool { allAbandoned.isEmpty }

    /// The report of the scope at `path` in this subtree.
    public func report(for path: String) -> ShutdownReport? {
        if scopePath == path { return self }
        for child in children {
            if let found = child.report(for: path) { return found }
        }
        return nil
    }

    /// The report as JSON (keys sorted, so diffs between two reports are readable).
    public func jsonString(prettyPrinted: Bool = true) -> String {
        encodeJSON(self, prettyPrinted: prettyPrinted)
    }
}

/// Encodes a value as sorted-key JSON text.
func encodeJSON(_ value: some Encodable, prettyPrinted: Bool) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = prettyPrinted
        ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        : [.sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(value) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}

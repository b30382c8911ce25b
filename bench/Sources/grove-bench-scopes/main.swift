// grove-bench-scopes — spawn+complete cost of tasks through a TaskScope against plain
// discarding task-group children, on the same executor (nil = global), in the same run.
//
// Prints `RESULT <key> <value>` lines; ratios are medians over several interleaved rounds.
import Synchronization
import TaskScopes

let taskCount = 1_000_000
let rounds = 7

/// What a metrics observer typically does: bump counters.
final class CountingObserver: TaskLifecycleObserver {
    let spawned = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    func taskSpawned(_ event: TaskLifecycleEvent) { spawned.add(1, ordering: .relaxed) }
    func taskFinished(_ event: TaskLifecycleEvent) { finished.add(1, ordering: .relaxed) }
}

func measure(_ body: () async throws -> Void) async rethrows -> Duration {
    let start = ContinuousClock.now
    try await body()
    return ContinuousClock.now - start
}

func groupChildren() async -> Duration {
    await measure {
        await withDiscardingTaskGroup { group in
            for _ in 0..<taskCount { group.addTask {} }
        }
    }
}

func scopeTasks(observed: Bool) async throws -> Duration {
    let root = TaskScope.root(name: "bench", executor: nil)
    let scope = try root.child(name: observed ? "observed" : "plain")
    let observer = CountingObserver()
    if observed { scope.addObserver(observer) }
    let elapsed = try await measure {
        for _ in 0..<taskCount { try scope.spawn(name: "t") {} }
        await scope.waitForIdle()
    }
    precondition(scope.snapshot().succeeded == taskCount)
    if observed { precondition(observer.finished.load(ordering: .relaxed) == taskCount) }
    await root.shutdown()
    return elapsed
}

func nanosecondsPerTask(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(taskCount)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

// Warm-up: page in the allocator and the thread pool.
_ = await groupChildren()
_ = try await scopeTasks(observed: false)

// Each round runs the three variants back to back; ratios are taken within a round (so machine
// drift between rounds cancels out) and the median round is reported.
var group: [Double] = []
var plain: [Double] = []
var observed: [Double] = []
var plainRatios: [Double] = []
var observedRatios: [Double] = []
for _ in 0..<rounds {
    let groupNs = nanosecondsPerTask(await groupChildren())
    let plainNs = nanosecondsPerTask(try await scopeTasks(observed: false))
    let observedNs = nanosecondsPerTask(try await scopeTasks(observed: true))
    group.append(groupNs)
    plain.append(plainNs)
    observed.append(observedNs)
    plainRatios.append(plainNs / groupNs)
    observedRatios.append(observedNs / groupNs)
}

func show(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

print("RESULT group_child_ns \(show(median(group)))")
print("RESULT scope_spawn_ns \(show(median(plain)))")
print("RESULT scope_spawn_with_observer_ns \(show(median(observed)))")
print("RESULT scope_spawn_vs_group \(show(median(plainRatios)))")
print("RESULT scope_spawn_with_observer_vs_group \(show(median(observedRatios)))")

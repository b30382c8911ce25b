import GroveTestSupport
import Synchronization
import Testing

/// Yields (and, after a while, naps for a millisecond) until `condition` holds, for at most
/// `limit` of real time (times `TestTimeouts.scale`). Never decides an outcome by sleeping: it
/// only waits for state.
@discardableResult
func eventually(
    _ stated: Duration = .seconds(10),
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () -> Bool
) async -> Bool {
    let limit = TestTimeouts.scaled(stated)
    let start = ContinuousClock.now
    var spins = 0
    while !condition() {
        if ContinuousClock.now - start > limit {
            Issue.record("condition not met within \(limit)", sourceLocation: sourceLocation)
            return false
        }
        spins += 1
        if spins < 200 { await Task.yield() } else { try? await Task.sleep(for: .milliseconds(1)) }
    }
    return true
}

/// A latch a test opens; waiting on it ignores cancellation (to play a stuck task).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let open = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if open { continuation.resume() }
        }
    }

    var waiterCount: Int { state.withLock { $0.waiters.count } }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A thread-safe list the tests append to from tasks.
final class Recorder<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}

/// An error tests throw on purpose.
struct Boom: Error, Equatable, CustomStringConvertible {
    var tag = "boom"
    var description: String { tag }
}

/// Suspends until cancelled.
func suspendUntilCancelled() async {
    let gate = Gate()
    await withTaskCancellationHandler { await gate.wait() } onCancel: { gate.open() }
}

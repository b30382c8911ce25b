import Synchronization

/// Bounds how many `grove` servers the suite runs at once (one: the suite then takes about
/// 30 s). Started all together they are a burst of dozens of processes on two cores, which made
/// `TaskScopesTests.MemoryTests` (it measures the whole test process's RSS while a million
/// tasks run on the cooperative pool) fail in most full `swift test` runs; it fails under any
/// CPU contention, e.g. two `yes > /dev/null` running beside it. The servers also run at nice 10
/// (``GroveProcess``).
final class GroveLimiter: Sendable {
    /// The suite's limiter: one server at a time.
    static let shared = GroveLimiter(limit: 1)

    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(limit: Int) {
        state = Mutex(State(available: limit))
    }

    /// Waits for a free place.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state -> Bool in
                guard state.available > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a place back (to the first waiter, if any).
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}

import GroveLoop
import TaskScopes

/// A worker's periodic liveness report: every `interval` it measures how late its loop timer
/// fired (the event-loop lag: a handler that hogs the loop delays it) and hands the lag to `beat`.
final class WorkerHeartbeat {
    private let timer: LoopTimer
    private let clock: LoopClock
    private let interval: Duration
    private let beat: (_ loopLagMicros: UInt64) -> Void
    private var armedAt: LoopClock.Instant

    /// Makes a stopped heartbeat on `loop`.
    init(loop: EventLoop, interval: Duration = .seconds(1), beat: @escaping (_ loopLagMicros: UInt64) -> Void) throws {
        timer = try LoopTimer(loop: loop)
        clock = loop.clock
        self.interval = interval
        self.beat = beat
        armedAt = clock.now
        // A heartbeat alone must not keep a stopping worker's loop alive.
        timer.keepsLoopAlive(false)
    }

    /// Starts beating (the first beat after one interval).
    func start() {
        armedAt = clock.now
        timer.start(after: interval) { [unowned self] in fire() }
    }

    private func fire() {
        let late = armedAt.advanced(by: interval).duration(to: clock.now)
        let micros = late > .zero ? UInt64(late.components.seconds) * 1_000_000 + UInt64(late.components.attoseconds / 1_000_000_000_000) : 0
        start()
        beat(micros)
    }

    /// Stops and releases the timer.
    func close() {
        timer.close()
    }
}

/// Request counters a heartbeat carries, read from the scope tree: each application's
/// `handlers` scope counts the requests it ran.
struct RequestCounters {
    /// Requests finished (succeeded, failed or cancelled).
    var served: UInt64 = 0
    /// Requests running now.
    var inFlight: UInt64 = 0

    /// Sums the `handlers` scopes of `snapshot`'s tree.
    init(snapshot: ScopeSnapshot) {
        add(snapshot)
    }

    private mutating func add(_ scope: ScopeSnapshot) {
        if scope.name == "handlers" {
            served += UInt64(max(0, scope.succeeded + scope.failed + scope.cancelled))
            inFlight += UInt64(max(0, scope.active))
        }
        scope.children.forEach { add($0) }
    }
}

import CLibUV

/// A `Clock` whose sleeps are `uv_timer`s on an ``EventLoop``.
///
/// Sleeping on it keeps the task on the loop thread (the default clocks' `Task.sleep` would
/// wake on a pool thread). A sleep never ends before its deadline: libuv's loop time is coarse,
/// so a timer that fires early is re-armed for the rest. Cancelling the sleeping task stops the
/// timer at once and the sleep throws `CancellationError` on the loop.
public struct LoopClock: Clock, Sendable {
    /// A point in time on the monotonic clock (`uv_hrtime`), in nanoseconds.
    public struct Instant: InstantProtocol, Sendable, Hashable, Codable {
        /// Nanoseconds since an arbitrary, fixed origin.
        public var nanoseconds: UInt64

        /// Makes an instant from monotonic nanoseconds.
        public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

        /// The instant `duration` after this one.
        public func advanced(by duration: Duration) -> Instant {
            let delta = Int64(duration.nanosecondsClamped)
            return Instant(nanoseconds: delta >= 0
                ? nanoseconds &+ UInt64(delta)
                : nanoseconds &- min(nanoseconds, UInt64(-delta)))
        }

        /// The duration from this instant to `other`.
        public func duration(to other: Instant) -> Duration {
            .nanoseconds(Int64(bitPattern: other.nanoseconds &- nanoseconds))
        }

        /// Orders instants by time.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    }

    /// The loop whose timers this clock uses.
    public let loop: EventLoop

    /// A clock on `loop`.
    public init(loop: EventLoop) { self.loop = loop }

    /// The current instant (`uv_hrtime`).
    public var now: Instant { Instant(nanoseconds: uv_hrtime()) }

    /// ``now`` as nanoseconds (what scopes read for task start times).
    public var nanosecondsNow: UInt64 { uv_hrtime() }

    /// libuv timers have millisecond resolution.
    public var minimumResolution: Duration { .milliseconds(1) }

    /// Suspends until `deadline` on a `uv_timer` of the loop; throws `CancellationError` when
    /// the task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        if deadline <= now { return }
        let sleeper = LoopSleeper(loop: loop, deadline: deadline)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                sleeper.start(continuation)
            }
        } onCancel: {
            sleeper.cancel()
        }
    }
}

extension Duration {
    /// The duration in nanoseconds, clamped to the range of `Int64`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = fromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return total
    }

    /// The duration in whole milliseconds, rounded up; 0 for durations that are not positive.
    /// (The unit of libuv timers and of the loop's cached time.)
    public var millisecondsRoundedUp: UInt64 {
        let nanos = nanosecondsClamped
        if nanos <= 0 { return 0 }
        return UInt64(nanos / 1_000_000) + (nanos % 1_000_000 == 0 ? 0 : 1)
    }
}

/// The injected clock, type-erased to "elapsed time since the tree was created".
///
/// Working in `Duration` offsets keeps every timestamp in the library a plain value (no boxed
/// instants) and makes reports independent of the concrete clock.
struct ScopeClock: Sendable {
    /// Time elapsed since the tree was created.
    let now: @Sendable () -> Duration
    /// Sleeps until the given offset (returns at once if it has passed); throws on cancellation.
    let sleepUntil: @Sendable (Duration) async throws -> Void
    /// The clock the caller injected.
    let underlying: any Clock<Duration>

    init(_ clock: any Clock<Duration>) {
        self = Self.open(clock)
    }

    private init(now: @escaping @Sendable () -> Duration,
                 sleepUntil: @escaping @Sendable (Duration) async throws -> Void,
                 underlying: any Clock<Duration>) {
        self.now = now
        self.sleepUntil = sleepUntil
        self.underlying = underlying
    }

    private static func open<C: Clock>(_ clock: C) -> ScopeClock where C.Duration == Duration {
        if let fast = clock as? any NanosecondClock { return openFast(fast, underlying: clock) }
        let origin = clock.now
        return ScopeClock(
            now: { origin.duration(to: clock.now) },
            sleepUntil: { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) },
            underlying: clock
        )
    }
}

extension ScopeClock {
    /// `now` without generic dispatch per call: scopes read the clock for every adopted piece of
    /// work, and an unspecialized `clock.now` plus `duration(to:)` costs ~200 instructions.
    private static func openFast<C: Clock>(_ fast: any NanosecondClock, underlying clock: C) -> ScopeClock
    where C.Duration == Duration {
        let origin = fast.nanosecondsNow
        let instant = clock.now
        return ScopeClock(
            now: { .nanoseconds(Int64(bitPattern: fast.nanosecondsNow &- origin)) },
            sleepUntil: { offset in try await clock.sleep(until: instant.advanced(by: offset), tolerance: nil) },
            underlying: clock
        )
    }
}

/// A clock that can tell its current instant as monotonic nanoseconds, for scopes to read it
/// cheaply. `nanosecondsNow` must advance exactly as the clock's own instants do.
public protocol NanosecondClock: Clock, Sendable where Duration == Swift.Duration {
    /// The current instant in nanoseconds since a fixed origin.
    var nanosecondsNow: UInt64 { get }
}

extension Duration {
    /// The duration as fractional seconds, for reports and arithmetic on budgets.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

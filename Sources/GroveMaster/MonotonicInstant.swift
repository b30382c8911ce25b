/// A point on the master's monotonic clock, in nanoseconds since an arbitrary origin.
///
/// The state machine never reads a clock: the driver passes the current instant with every event.
public struct MonotonicInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: Int64

    /// Makes an instant.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// The instant `duration` later.
    public static func + (instant: MonotonicInstant, duration: Duration) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: instant.nanoseconds &+ duration.totalNanoseconds)
    }

    /// The time elapsed from `earlier` to `later`.
    public static func - (later: MonotonicInstant, earlier: MonotonicInstant) -> Duration {
        .nanoseconds(later.nanoseconds &- earlier.nanoseconds)
    }

    /// Orders instants.
    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// `"t+12.500 s"`.
    public var description: String { "t+" + Duration.nanoseconds(nanoseconds).secondsText(decimals: 3) }
}

/// The time of an event: the monotonic instant (for every timer) and the wall clock at that same
/// moment (only to give workers absolute deadlines, which the protocol carries as Unix time).
public struct EventTime: Sendable, Hashable {
    /// Monotonic time, the base of every timer in the machine.
    public var monotonic: MonotonicInstant
    /// Wall-clock time, nanoseconds since the Unix epoch.
    public var unixNanoseconds: Int64

    /// Makes an event time.
    public init(monotonic: MonotonicInstant, unixNanoseconds: Int64) {
        self.monotonic = monotonic
        self.unixNanoseconds = unixNanoseconds
    }

    /// The wall-clock equivalent of the monotonic `instant`.
    public func unixNanoseconds(at instant: MonotonicInstant) -> Int64 {
        unixNanoseconds &+ (instant.nanoseconds &- monotonic.nanoseconds)
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    public var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow
            ? (seconds < 0 ? .min : .max)
            : scaled + attoseconds / 1_000_000_000
    }

    /// The duration in seconds with `decimals` digits and a unit, e.g. `"10.2 s"` (no Foundation).
    public func secondsText(decimals: Int = 1) -> String {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let nanos = totalNanoseconds
        let rounded = (abs(nanos) * scale + 500_000_000) / 1_000_000_000
        let whole = rounded / scale
        let sign = nanos < 0 && rounded > 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole) s" }
        var fraction = String(rounded % scale)
        while fraction.count < decimals { fraction = "0" + fraction }
        return "\(sign)\(whole).\(fraction) s"
    }
}

/// Exponential backoff between replacements of a worker that keeps failing.
public struct RestartBackoff: Sendable, Hashable {
    /// Delay before the second consecutive replacement (the first one is immediate).
    public var initialDelay: Duration
    /// Upper bound of the delay.
    public var maximumDelay: Duration
    /// Factor applied to the delay after each further consecutive failure.
    public var multiplier: Int
    /// A worker that lived at least this long resets its slot's failure streak.
    public var stablePeriod: Duration

    /// Makes a backoff; defaults: 0.5 s doubling up to 30 s, reset after 60 s of uptime.
    public init(
        initialDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(30),
        multiplier: Int = 2,
        stablePeriod: Duration = .seconds(60)
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.stablePeriod = stablePeriod
    }

    /// The delay before replacing a worker after `consecutiveFailures` failures in a row (≥ 1).
    public func delay(afterConsecutiveFailures consecutiveFailures: Int) -> Duration {
        guard consecutiveFailures > 1 else { return .zero }
        var delay = initialDelay
        for _ in 2..<consecutiveFailures {
            delay = delay * multiplier
            if delay >= maximumDelay { return maximumDelay }
        }
        return min(delay, maximumDelay)
    }
}

/// Crash-loop detection: more than `maximumFailures` unexpected exits within `window` means give up.
public struct CrashLoopLimit: Sendable, Hashable {
    /// Failures tolerated inside the window; one more stops the master.
    public var maximumFailures: Int
    /// The sliding window.
    public var window: Duration

    /// Makes a limit; default: more than 10 failures in 60 s.
    public init(maximumFailures: Int = 10, window: Duration = .seconds(60)) {
        self.maximumFailures = maximumFailures
        self.window = window
    }
}

/// What to do after a worker failure.
public enum RestartDecision: Sendable, Hashable {
    /// Replace the worker after `delay` (`.zero`: at once).
    case restart(after: Duration)
    /// Too many failures: stop the master. `failures` happened within `window`.
    case giveUp(failures: Int, window: Duration)
}

/// The restart bookkeeping: per-slot failure streaks and the global failure window. Pure: every
/// instant is passed in.
public struct RestartTracker: Sendable, Hashable {
    /// The backoff rule (a reload may replace it; streaks are kept).
    public var backoff: RestartBackoff
    /// The crash-loop rule (a reload may replace it; the window's failures are kept).
    public var crashLoop: CrashLoopLimit
    private var streaks: [Int: Int] = [:]
    private var recentFailures: [MonotonicInstant] = []

    /// Makes a tracker with no failures.
    public init(backoff: RestartBackoff, crashLoop: CrashLoopLimit) {
        self.backoff = backoff
        self.crashLoop = crashLoop
    }

    /// Consecutive failures recorded for `slot` since its last stable worker.
    public func consecutiveFailures(slot: Int) -> Int { streaks[slot] ?? 0 }

    /// Records a failure of the worker of `slot` that lived `uptime`, at `now`.
    public mutating func recordFailure(slot: Int, uptime: Duration, at now: MonotonicInstant) -> RestartDecision {
        recentFailures.removeAll { now - $0 > crashLoop.window }
        recentFailures.append(now)
        if recentFailures.count > crashLoop.maximumFailures {
            return .giveUp(failures: recentFailures.count, window: crashLoop.window)
        }
        let streak = uptime >= backoff.stablePeriod ? 1 : consecutiveFailures(slot: slot) + 1
        streaks[slot] = streak
        return .restart(after: backoff.delay(afterConsecutiveFailures: streak))
    }

    /// Forgets the streak of a slot that was removed.
    public mutating func forget(slot: Int) {
        streaks[slot] = nil
    }
}

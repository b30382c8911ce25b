/// When a supervised service is restarted (Erlang's child restart types).
public enum RestartPolicy: String, Sendable, Hashable, Codable {
    /// Always restarted, whether it returned or failed.
    case permanent
    /// Restarted only when it failed.
    case transient
    /// Never restarted.
    case temporary
}

/// How many restarts a service may make within a period before the failure escalates
/// (Erlang's restart intensity and period).
public struct RestartIntensity: Sendable, Hashable {
    /// Restarts allowed within `period`; one more escalates.
    public var maxRestarts: Int
    /// The sliding window.
    public var period: Duration

    /// Creates an intensity; the default allows 3 restarts in 5 seconds.
    public init(maxRestarts: Int = 3, period: Duration = .seconds(5)) {
        self.maxRestarts = max(0, maxRestarts)
        self.period = period
    }
}

/// Exponential backoff between restarts.
public struct Backoff: Sendable, Hashable {
    /// Delay before the first restart in a window.
    public var initial: Duration
    /// Upper bound of the delay.
    public var maximum: Duration
    /// Growth factor per restart within the intensity window.
    public var multiplier: Double

    /// Creates a backoff; the default is 100 ms doubling up to 10 s.
    public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(10), multiplier: Double = 2) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.multiplier = max(1, multiplier)
    }

    /// Restart immediately.
    public static let none = Backoff(initial: .zero, maximum: .zero, multiplier: 1)

    /// The delay before restart number `attempt` (1-based) within the intensity window.
    public func delay(attempt: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, attempt) {
            delay = delay * multiplier
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}

/// How much longer the tests' bounded waits may take than their stated limits:
/// `GROVE_TEST_TIMEOUT_SCALE` (a whole number, default 1). `make sanitize` sets it, because
/// sanitized builds run several times slower and the whole suite runs at once on two cores; a
/// wait still ends, only later. Every wait helper (``pollUntil(_:timeout:_:)`` and the targets'
/// own `eventually`) goes through ``scaled(_:)``.
public enum TestTimeouts {
    /// The factor, from the environment.
    public static let scale: Int = {
        let text = ChildProcess.currentEnvironment.first { $0.hasPrefix("GROVE_TEST_TIMEOUT_SCALE=") }?
            .dropFirst("GROVE_TEST_TIMEOUT_SCALE=".count)
        return max(1, text.flatMap { Int($0) } ?? 1)
    }()

    /// `limit` times ``scale``.
    public static func scaled(_ limit: Duration) -> Duration { limit * scale }
}

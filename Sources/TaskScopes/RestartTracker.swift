import DequeModule

/// Decides, purely, what a supervised service does after each run: stop, restart after a
/// backoff, or escalate because the restart intensity was exceeded.
struct RestartTracker: Sendable {
    enum RunEnd: Sendable, Hashable {
        case returned
        case failed
        case cancelled
    }

    enum Decision: Sendable, Hashable {
        case stop
        case restart(after: Duration)
        /// More than `maxRestarts` restarts within `period`.
        case escalate(restartsInPeriod: Int)
    }

    let policy: RestartPolicy
    let intensity: RestartIntensity
    let backoff: Backoff
    /// Times of the restarts still inside the intensity window.
    private var restarts = Deque<Duration>()

    init(policy: RestartPolicy, intensity: RestartIntensity, backoff: Backoff) {
        self.policy = policy
        self.intensity = intensity
        self.backoff = backoff
    }

    /// What to do after a run ended at `now`; `stopping` when the scope or task is shutting down.
    mutating func decide(after end: RunEnd, now: Duration, stopping: Bool) -> Decision {
        if stopping || end == .cancelled { return .stop }
        switch (policy, end) {
        case (.temporary, _), (.transient, .returned): return .stop
        default: break
        }
        while let oldest = restarts.first, now - oldest >= intensity.period { restarts.removeFirst() }
        if restarts.count >= intensity.maxRestarts { return .escalate(restartsInPeriod: restarts.count + 1) }
        restarts.append(now)
        return .restart(after: backoff.delay(attempt: restarts.count))
    }
}

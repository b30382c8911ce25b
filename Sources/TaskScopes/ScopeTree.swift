import Logging
import Synchronization

/// What every scope of one tree shares: executor preference, clock, logger and the observer gate.
final class ScopeTree: Sendable {
    let executor: (any TaskExecutor)?
    let clock: ScopeClock
    let logger: Logger
    /// Number of observers registered anywhere in the tree; zero means events are skipped entirely.
    let observerCount = Atomic<Int>(0)
    let nextObserverID = Atomic<UInt64>(0)
    /// Serializes changes to who observes what (registrations, new children), so every scope's
    /// precomputed observer list stays consistent; never taken on the event path.
    let observerTopology = Mutex(())

    init(executor: (any TaskExecutor)?, clock: any Clock<Duration>, logger: Logger) {
        self.executor = executor
        self.clock = ScopeClock(clock)
        self.logger = logger
    }

    var hasObservers: Bool { observerCount.load(ordering: .relaxed) > 0 }
}

/// Where a scope is in its life; shutdown moves it forward, never back.
public enum ScopePhase: String, Sendable, Hashable, Codable, Comparable {
    /// Accepting and running tasks.
    case running
    /// Shutdown was requested for this subtree; the scope waits for its turn and still accepts tasks.
    case shutdownRequested
    /// The scope's children are shutting down; it accepts no new tasks.
    case drainingChildren
    /// Its own tasks have received the graceful signal.
    case graceful
    /// Its remaining tasks have been cancelled.
    case forced
    /// Shutdown finished; tasks still alive were abandoned and reported stuck.
    case stopped

    private var order: Int {
        switch self {
        case .running: 0
        case .shutdownRequested: 1
        case .drainingChildren: 2
        case .graceful: 3
        case .forced: 4
        case .stopped: 5
        }
    }

    /// Phases compare in the order a shutdown moves through them.
    public static func < (lhs: ScopePhase, rhs: ScopePhase) -> Bool { lhs.order < rhs.order }
}

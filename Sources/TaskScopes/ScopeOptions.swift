/// What a scope does when one of its tasks fails.
public enum ScopePolicy: String, Sendable, Hashable, Codable {
    /// The failure is reported to the nearest error handler; sibling tasks go on.
    case supervise
    /// The first failure shuts the scope down (cause `siblingFailure`) and is delivered to the parent.
    case failFast
}

/// In which order a scope shuts its child scopes down (always before its own tasks).
public enum ChildShutdownOrder: String, Sendable, Hashable, Codable {
    /// One after the other, newest child first (what was started last stops first).
    case reverseCreation
    /// All children at once.
    case concurrent
}

/// Shutdown budget and ordering of one scope.
///
/// The effective budget of a scope is the smaller of its own timeouts and what remains of its
/// parent's; a global deadline passed to the root's `shutdown(cause:within:)` caps the whole tree.
public struct ScopeOptions: Sendable, Hashable {
    /// How long the scope's own tasks may take to finish after the graceful signal.
    public var gracefulTimeout: Duration
    /// How long cancelled tasks may take to finish before they are reported stuck and abandoned.
    public var forcedTimeout: Duration
    /// Order in which child scopes are shut down.
    public var childShutdownOrder: ChildShutdownOrder

    /// Creates options; the defaults are 30 s graceful, 10 s forced, reverse creation order.
    public init(
        gracefulTimeout: Duration = .seconds(30),
        forcedTimeout: Duration = .seconds(10),
        childShutdownOrder: ChildShutdownOrder = .reverseCreation
    ) {
        self.gracefulTimeout = gracefulTimeout
        self.forcedTimeout = forcedTimeout
        self.childShutdownOrder = childShutdownOrder
    }
}

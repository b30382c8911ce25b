import Logging
import Synchronization

/// Called with every failure that reaches a scope's error handling.
public typealias ScopeErrorHandler = @Sendable (TaskFailure) -> Void

/// A node of the scope tree: a named set of tasks with a failure policy, shutdown options,
/// an optional error handler, observers and child scopes.
///
/// Scopes are thread-safe: `spawn`, `child`, `shutdown` and the queries may be called from any
/// task or thread of the process, not only from the task that created the scope.
public final class TaskScope: Sendable {
    /// The scope's name, unique among its siblings.
    public let name: String
    /// The names from the root down to this scope joined by `/`, e.g. `root/myapp-a/handlers`.
    public let path: String
    /// The parent scope, nil for a root.
    public let parent: TaskScope?
    /// What happens when a task of this scope fails.
    public let policy: ScopePolicy
    /// Shutdown budget and ordering.
    public let options: ScopeOptions

    let errorHandler: ScopeErrorHandler?
    let tree: ScopeTree
    let state = Mutex(ScopeState())
    /// Immediate pieces that succeeded (``runImmediately(name:detail:_:)``), counted apart from
    /// `state`: one atomic add after the piece instead of taking the lock a second time.
    /// Snapshots add it to `counters.succeeded`.
    let immediateSucceeded = Atomic<Int>(0)
    let observers = Mutex(ObserverSet())

    private init(name: String, path: String, parent: TaskScope?, policy: ScopePolicy,
                 options: ScopeOptions, errorHandler: ScopeErrorHandler?, tree: ScopeTree) {
        self.name = name
        self.path = path
        self.parent = parent
        self.policy = policy
        self.options = options
        self.errorHandler = errorHandler
        self.tree = tree
    }

    /// Creates the root of a scope tree.
    ///
    /// - Parameters:
    ///   - name: The root's name, the first component of every path.
    ///   - executor: Executor preference for every task spawned anywhere in the tree
    ///     (nil: the global concurrent executor).
    ///   - clock: The clock for every timeout, deadline, backoff and age in the tree.
    ///   - logger: Where failures that reach no error handler are logged.
    ///   - policy: The root's own failure policy.
    ///   - options: The root's shutdown options (inherited by children that pass none).
    ///   - errorHandler: Receives failures that bubble up to the root; nil logs them.
    public static func root(
        name: String = "root",
        executor: (any TaskExecutor)? = nil,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "grove.task-scopes"),
        policy: ScopePolicy = .supervise,
        options: ScopeOptions = ScopeOptions(),
        errorHandler: ScopeErrorHandler? = nil
    ) -> TaskScope {
        TaskScope(name: name, path: name, parent: nil, policy: policy, options: options,
                  errorHandler: errorHandler,
                  tree: ScopeTree(executor: executor, clock: clock, logger: logger))
    }

    /// Creates a named child scope.
    ///
    /// - Parameters:
    ///   - name: Unique among the live siblings; must not be empty or contain `/`.
    ///   - policy: The child's failure policy.
    ///   - options: The child's shutdown options; nil inherits this scope's.
    ///   - errorHandler: Receives the child's failures; nil lets them bubble to the nearest ancestor's.
    /// - Throws: ``ScopeError`` `.invalidScopeName`, `.duplicateScopeName`, or
    ///   `.scopeShuttingDown` when this scope is shutting down.
    public func child(
        name: String,
        policy: ScopePolicy = .supervise,
        options: ScopeOptions? = nil,
        errorHandler: ScopeErrorHandler? = nil
    ) throws(ScopeError) -> TaskScope {
        if name.isEmpty || name.contains("/") {
            throw ScopeError(.invalidScopeName, scopePath: path,
                             message: "invalid child scope name '\(name)': it must be non-empty and contain no '/'")
        }
        let child = TaskScope(name: name, path: "\(path)/\(name)", parent: self, policy: policy,
                              options: options ?? self.options, errorHandler: errorHandler, tree: tree)
        try state.withLock { (state: inout ScopeState) throws(ScopeError) in
            switch state.lifecycle {
            case .running: break
            default: throw .shuttingDown(path, cause: state.lifecycle.cause)
            }
            if let index = state.children.firstIndex(where: { $0.name == name }) {
                guard state.children[index].phase == .stopped else {
                    throw ScopeError(.duplicateScopeName, scopePath: path,
                                     message: "scope '\(path)' already has a child named '\(name)'")
                }
                state.children.remove(at: index)
            }
            state.children.append(child)
        }
        child.refreshObservers()
        return child
    }

    /// The child scopes, oldest first.
    public var children: [TaskScope] {
        state.withLock { $0.children }
    }

    /// The executor preference of every task in this tree (nil: the global executor).
    public var executor: (any TaskExecutor)? { tree.executor }

    /// The clock injected at the root: use it for any sleep or timeout of your own.
    public var clock: any Clock<Duration> { tree.clock.underlying }

    /// The tree's logger.
    public var logger: Logger { tree.logger }

    /// Where the scope is in its life.
    public var phase: ScopePhase {
        state.withLock { $0.lifecycle.phase }
    }

    /// Number of tasks of this scope (not its children) still running.
    public var activeTaskCount: Int {
        state.withLock { $0.live.count }
    }
}

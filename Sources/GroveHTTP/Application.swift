import TaskScopes

/// An application mounted at a path prefix of the server.
///
/// In every worker it becomes a scope subtree, `root/apps/<name>` with `handlers`, `timers` and
/// `background` child scopes. ``onStart`` runs before the worker serves (open resources, start
/// timers and background tasks in the given scopes); ``onStop`` runs after the application's
/// handlers, timers and background tasks have drained (close resources).
///
/// ```swift
/// var app = Application(name: "myapp-a", mountPath: "/myapp-a")
/// app.router.get("/") { _ in .text("hello from a") }
/// app.onStart = { scopes in
///     try scopes.timers.service(name: "tick", restart: .permanent) { ... }
/// }
/// ```
public struct Application: Sendable {
    /// The name of the application's scope (unique per server).
    public var name: String
    /// The path prefix it answers (`/myapp-a`); `/` for the root application.
    public var mountPath: String
    /// Its routes, relative to ``mountPath``.
    public var router: Router
    /// Timeouts of the application's scopes during shutdown (its child scopes' too, unless
    /// ``childScopeOptions`` sets theirs).
    public var scopeOptions: ScopeOptions
    /// Timeouts of single child scopes (`handlers`, `timers`, `background`), by name.
    public var childScopeOptions: [String: ScopeOptions] = [:]
    /// Called once per worker before serving, with the application's scopes.
    public var onStart: (@Sendable (ApplicationScopes) async throws -> Void)?
    /// Called once per worker after the application's child scopes drained.
    public var onStop: (@Sendable (ApplicationScopes) async -> Void)?

    /// An application with no routes yet.
    public init(name: String, mountPath: String = "/", router: Router = Router(), scopeOptions: ScopeOptions = ScopeOptions()) {
        self.name = name
        self.mountPath = mountPath
        self.router = router
        self.scopeOptions = scopeOptions
    }
}

/// The scopes of one application in one worker. A class, so that a request carries one
/// reference to them rather than four.
public final class ApplicationScopes: Sendable {
    /// `root/apps/<name>`: the application itself (its own tasks stop last).
    public let scope: TaskScope
    /// `…/handlers`: where its requests run (registered inline, no task per request).
    public let handlers: TaskScope
    /// `…/timers`: periodic work.
    public let timers: TaskScope
    /// `…/background`: long-running jobs.
    public let background: TaskScope

    init(scope: TaskScope, handlers: TaskScope, timers: TaskScope, background: TaskScope) {
        self.scope = scope
        self.handlers = handlers
        self.timers = timers
        self.background = background
    }
}

import GroveLoop
import Logging
import TaskScopes

/// HTTP/1.1 serving in one worker, with connections and applications living in scopes.
///
/// It adds to the worker's scope tree:
/// ```
/// root
/// ├── apps
/// │   └── <name>            the application's own tasks (resources) stop last
/// │       ├── handlers      requests, registered inline
/// │       ├── timers
/// │       └── background
/// └── http
///     ├── connections       a task per connection whose request needs one
///     └── listener          the accept loops
/// ```
/// Siblings shut down in reverse order of creation, so a shutdown of the root first stops the
/// accept loops (closing the listeners), then drains the connections — idle keep-alive
/// connections close, in-flight requests finish and are answered with `Connection: close` —
/// and only then stops each application's handlers, timers and background tasks, and finally
/// its own tasks (``Application/onStop``).
public final class HTTPServer: @unchecked Sendable {
    /// The worker's loop.
    public let loop: EventLoop
    /// The root of the worker's scope tree.
    public let root: TaskScope
    let core: HTTPServerCore
    private let applications: [Application]
    private let appsScope: TaskScope
    private let connectionsScope: TaskScope
    private let listenerScope: TaskScope
    private var mounted: [ApplicationScopes] = []

    /// Prepares the scopes of `applications` under `root` (not started yet: see ``start()``).
    public init(
        loop: EventLoop,
        root: TaskScope,
        applications: [Application],
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        logger: Logger = Logger(label: "grove.http")
    ) throws {
        self.loop = loop
        self.root = root
        self.applications = applications
        core = HTTPServerCore(loop: loop, configuration: configuration, logger: logger)
        appsScope = try root.child(name: "apps")
        let http = try root.child(name: "http")
        connectionsScope = try http.child(name: "connections")
        core.connectionsScope = connectionsScope
        listenerScope = try http.child(name: "listener")
    }

    /// Creates each application's scopes and runs its ``Application/onStart``, in order; then
    /// the server is ready to ``serve(_:)``. Throws what an `onStart` threw.
    public func start() async throws {
        for application in applications {
            let scope = try appsScope.child(name: application.name, options: application.scopeOptions)
            let scopes = ApplicationScopes(
                scope: scope,
                handlers: try scope.child(name: "handlers", options: application.scopeOptions(forChild: "handlers")),
                timers: try scope.child(name: "timers", options: application.scopeOptions(forChild: "timers")),
                background: try scope.child(name: "background", options: application.scopeOptions(forChild: "background"))
            )
            try await application.onStart?(scopes)
            if let onStop = application.onStop {
                // The application's own task: it waits for the graceful signal, which reaches
                // the application scope only after its child scopes drained.
                try scope.spawn(name: "lifecycle") {
                    try? await scope.waitForGracefulShutdown()
                    await onStop(scopes)
                }
            }
            core.mount(MountedApplication(prefix: application.mountPath, router: application.router, scopes: scopes))
            mounted.append(scopes)
        }
        let core = self.core
        try connectionsScope.spawn(name: "drain") { [connectionsScope] in
            try? await connectionsScope.waitForGracefulShutdown()
            core.beginDrain()
            // Connections without a task are no tasks of this scope: the drain waits for them,
            // and closes those left when the scope's time is up.
            await core.waitForConnectionsToClose()
            core.closeConnectionsWithoutTask()
        }
    }

    /// Accepts connections on `listener` in the `listener` scope and serves each in the
    /// `connections` scope. The accept loop ends — and the listener closes — when the listener
    /// scope drains. Running out of file descriptors pauses accepting for 100 ms.
    public func serve(_ listener: some StreamListener) throws {
        let core = self.core
        let connections = connectionsScope
        let scope = listenerScope
        try scope.spawn(name: "accept \(listener.listenerDescription)") {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    try? await scope.waitForGracefulShutdown()
                    listener.close()
                }
                await listener.acceptEach(onOutOfFileDescriptors: { error in
                    core.logger.warning("accept: out of file descriptors; pausing", metadata: ["error": "\(error)"])
                }) { connection in
                    if connections.acceptsWork {
                        HTTPConnectionHandler(connection: connection, core: core).start()
                    } else {
                        connection.close()
                    }
                }
                listener.close()
                group.cancelAll()
            }
        }
    }

    /// The number of open connections.
    public var connectionCount: Int { core.connectionCount }

    /// Told about every answered request (metrics); set it before serving, on the loop thread.
    public var requestObserver: (any RequestObserver)? {
        get { core.requestObserver }
        set { core.requestObserver = newValue }
    }

    /// True once the connections started draining.
    public var isDraining: Bool { core.isDraining }

    /// From now on the readiness path answers 503 (a drain is starting: the worker keeps
    /// serving every other path until its listeners close). Loop thread only; idempotent.
    public func stopAnnouncingReadiness() { core.isReady = false }

    /// Reports every answered request to `recorder` (nil: no access log). Set before serving.
    public func setAccessLog(_ recorder: (any AccessLogRecorder)?) { core.accessLog = recorder }

    /// What the readiness path answers now: true until ``stopAnnouncingReadiness()``.
    public var isAnnouncingReadiness: Bool { core.isReady }
}

import GroveHTTPParser
import GroveLoop
import HTTPTypes
import Logging
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// The per-worker state the connections of an ``HTTPServer`` share: configuration, routing,
/// the date cache, the registry of open connections and the deadline ticker. Loop thread only.
final class HTTPServerCore: @unchecked Sendable {
    let loop: EventLoop
    let configuration: HTTPServerConfiguration
    let encoder = ResponseHeadEncoder()
    let logger: Logger
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    private let idleTimeout: UInt64
    private let drainGrace: UInt64
    private let parkAfter: UInt64
    /// Where a parked connection's next task is spawned (set by the server).
    var connectionsScope: TaskScope?
    /// Connections parked since the heap was last trimmed, and when that was.
    var parkedSinceTrim = 0
    var lastTrim: UInt64 = 0
    @exclusivity(unchecked) private var dateCache = HTTPDateCache()
    @exclusivity(unchecked) private var mounts: [MountedApplication] = []
    /// `mounts`, unretained: routing reads a mount without retaining it (`mounts` owns them).
    @exclusivity(unchecked) private var mountReferences: [Unmanaged<MountedApplication>] = []
    @exclusivity(unchecked) private var connections: [HTTPConnectionHandler] = []
    /// Tasks waiting for the last connection to close (see ``waitForConnectionsToClose()``).
    @exclusivity(unchecked) var closeWaiters: [UnsafeContinuation<Void, Never>] = []
    private var ticker: LoopTimer?
    /// Told about every answered request (metrics), when set.
    var requestObserver: (any RequestObserver)? {
        didSet { observerBox = requestObserver.map(ObserverBox.init) }
    }
    /// `requestObserver` in an object of its own, which requests reach unretained: telling the
    /// observer then costs no reference counting. (An observer must not replace itself while
    /// it is told.)
    private var observerBox: ObserverBox?

    /// Holds the request observer (see `observerBox`).
    private final class ObserverBox {
        let observer: any RequestObserver
        init(_ observer: any RequestObserver) { self.observer = observer }
    }
    /// True once the server started draining: responses say `Connection: close`, idle
    /// connections close after the grace period.
    @exclusivity(unchecked) private(set) var isDraining = false
    /// The readiness and liveness paths.
    let probes: HealthProbes
    /// What the readiness path answers: false from the start of a drain (and its delay).
    var isReady = true
    /// Where answered requests are reported, if anywhere.
    var accessLog: (any AccessLogRecorder)?

    init(loop: EventLoop, configuration: HTTPServerConfiguration, logger: Logger) {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        headerTimeout = configuration.headerTimeout.millisecondsRoundedUp
        bodyTimeout = configuration.bodyTimeout.millisecondsRoundedUp
        idleTimeout = configuration.idleTimeout.millisecondsRoundedUp
        drainGrace = configuration.drainIdleGrace.millisecondsRoundedUp
        probes = HealthProbes(readinessPath: configuration.readinessPath, livenessPath: configuration.livenessPath)
        parkAfter = max(configuration.idleParkDelay.millisecondsRoundedUp, drainGrace)
    }

    /// Adds an application; longer mount paths are matched first.
    func mount(_ application: MountedApplication) {
        mounts.append(application)
        mounts.sort { $0.prefix.count > $1.prefix.count }
        mountReferences = mounts.map { .passUnretained($0) }
    }

    /// Calls `body` with the `Date: …\r\n` field line for this second, read in place.
    func withDateField<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        dateCache.withCurrentField(body)
    }

    /// The number of open connections.
    var connectionCount: Int { connections.count }

    /// The open connections (a copy: closing one changes the registry).
    var openConnections: [HTTPConnectionHandler] { connections }

    // MARK: Connections and deadlines

    func register(_ connection: HTTPConnectionHandler) {
        connection.registryIndex = connections.count
        connections.append(connection)
        if ticker == nil { startTicker() }
    }

    func unregister(_ connection: HTTPConnectionHandler) {
        let index = connection.registryIndex
        guard index >= 0, index < connections.count, connections[index] === connection else { return }
        let last = connections.removeLast()
        if index < connections.count {
            connections[index] = last
            last.registryIndex = index
        }
        connection.registryIndex = -1
        if connections.isEmpty, !closeWaiters.isEmpty { resumeCloseWaiters() }
    }

    private func startTicker() {
        guard let timer = try? LoopTimer(loop: loop) else { return }
        timer.keepsLoopAlive(false)
        let period = configuration.timerResolution
        timer.start(after: period, every: period) { [unowned self] in self.tick() }
        ticker = timer
    }

    /// Interrupts every connection whose deadline passed (or that idles during a drain).
    func tick() {
        let now = loop.cachedMilliseconds
        // Interrupting may unregister connections synchronously later; walk a copy.
        for connection in connections {
            if let due = ConnectionInterrupt.due(phase: connection.phase, now: now, draining: isDraining,
                                                 idleTimeout: idleTimeout, drainGrace: drainGrace, parkAfter: parkAfter) {
                connection.interrupt(due)
            }
        }
        trimHeapAfterParking(now: now)
    }

    /// Starts draining: from now on responses close their connection, and idle keep-alive
    /// connections are closed once idle for the grace period (at once if they already were).
    func beginDrain() {
        guard !isDraining else { return }
        isDraining = true
        isReady = false
        tick()
    }

    /// Stops the ticker (when the server is done).
    func stop() {
        ticker?.close()
        ticker = nil
    }

    // MARK: Routing and handlers

    /// What routing found for a request head.
    enum RouteResult {
        case found(RouteMatch)
        /// The path matched routes of an application, but none for the request's method.
        case methodNotAllowed(MethodMismatch)
        case failed(HTTPError)
        /// A readiness or liveness probe, answered by the server itself.
        case probe(Response)
    }

    /// A route found for a request: the mount and the index of the route in its router, and
    /// where the path and the query lie in the target.
    ///
    /// The mount is held unretained: the core keeps every mount for its whole life and a match
    /// never outlives the core that made it, so moving a match around costs no reference
    /// counting; the handler and the application are read from the mount when they are used.
    struct RouteMatch {
        let mount: Unmanaged<MountedApplication>
        let routeIndex: Int
        let bounds: RequestPathBounds
        let parameters: [String: String]

        /// The matched route's handler.
        var handler: RouteHandler { mount._withUnsafeGuaranteedRef { $0.router.handler(at: routeIndex) } }
        /// The application that mounts the route.
        var application: ApplicationScopes { mount._withUnsafeGuaranteedRef { $0.scopes } }
        /// Whether the handler answers without a task.
        var isImmediate: Bool { mount._withUnsafeGuaranteedRef { $0.router.isImmediate(at: routeIndex) } }
    }

    /// A path some routes of a mount match, none of them for the request's method.
    struct MethodMismatch {
        /// Held as ``RouteMatch/mount`` is.
        let mount: Unmanaged<MountedApplication>
        let bounds: RequestPathBounds
        /// The methods the matching routes take, for the `Allow` field.
        let allowed: [HTTPRequest.Method]
    }

    /// Routes on the target's UTF-8 bytes, in place: the path is ASCII on the wire (the parser
    /// rejects anything else), and neither the path nor its segments become strings unless a
    /// pattern binds a parameter.
    func route(_ head: HTTPRequestHead) -> RouteResult {
        let code = head.methodCode
        let otherMethod = MethodCode.otherMethod(code, head.method)
        return head.withPathBytes { route(code, otherMethod, target: $0) }
            ?? .failed(HTTPError(.badRequest, "unsupported request target"))
    }

    @inline(__always)
    private func route(_ code: MethodCode, _ otherMethod: HTTPRequest.Method?, target: UnsafeRawBufferPointer) -> RouteResult {
        guard target.first == UInt8(ascii: "/") else {
            return .failed(HTTPError(.badRequest, "unsupported request target"))
        }
        let pathEnd = target.firstIndex(of: UInt8(ascii: "?")) ?? target.count
        let path = UnsafeRawBufferPointer(rebasing: target[..<pathEnd])
        if probes.isEnabled, let answer = probes.answer(path: path, ready: isReady) { return .probe(answer) }
        let found = mountReferences.withUnsafeBufferPointer { mounts in
            mounts.first { $0._withUnsafeGuaranteedRef { $0.matches(path) } }
        }
        guard let found else {
            return .failed(HTTPError(.notFound, "no application is mounted at \(String(decoding: path, as: UTF8.self))"))
        }
        return found._withUnsafeGuaranteedRef { mount in
            let pathStart = mount.prefixLength
            let bounds = RequestPathBounds(pathStart: pathStart, pathEnd: pathEnd, hasQuery: pathEnd < target.count)
            return mount.route(code, otherMethod, path: UnsafeRawBufferPointer(rebasing: path[pathStart...]), bounds: bounds)
        }
    }

    /// Runs `handler` for `request`: an immediate one now (``runImmediate(_:for:)``), an
    /// asynchronous one inline in the calling task, registered through `site`.
    @inline(__always)
    func run(_ handler: RouteHandler, for request: Request, site: AdoptionSite?) async -> Response {
        switch handler {
        case .immediate(let handler): runImmediate(handler, for: request)
        case .asynchronous(let handler): await run(handler, for: request, site: site)
        }
    }

    /// Runs `handler` inline, registered through `site` in its application's `handlers` scope
    /// (the scope then counts it, can cancel it and reports it when stuck). An ``HTTPError`` is
    /// an answer (its status), not a failure; any other error is a failure of the request — the
    /// scope's error handling gets it — and the client gets 500 (503 for a ``ScopeError``).
    @inline(__always)
    private func run(_ handler: Handler, for request: Request, site: AdoptionSite?) async -> Response {
        guard let observer = requestObserver else { return await runHandler(handler, for: request, site: site) }
        let start = loop.iterationNanoseconds
        let response = await runHandler(handler, for: request, site: site)
        observer.requestFinished(request, response, since: start)
        return response
    }

    @inline(__always)
    private func runHandler(_ handler: Handler, for request: Request, site: AdoptionSite?) async -> Response {
        guard let scopes = request.application, let site else {
            do { return try await answer(handler, request) } catch { return Self.failureResponse(error) }
        }
        let work: AdoptedWork
        do {
            // Named `"GET /lab/sleep"` in reports; the name is joined only when a report asks.
            work = try site.begin(in: scopes.handlers, name: request.method.rawValue, detail: request.path)
        } catch {
            return Self.failureResponse(error)
        }
        do {
            let response = try await answer(handler, request)
            work.finish()
            return response
        } catch {
            work.fail(error)
            return Self.failureResponse(error)
        }
    }

    /// Runs an immediate handler now, as a piece of its application's `handlers` scope (counted,
    /// its failure handled there); errors become answers as for ``run(_:for:site:)``.
    @inline(__always)
    func runImmediate(_ handler: ImmediateHandler, for request: Request) -> Response {
        guard observerBox != nil else { return answerImmediately(handler, request) }
        let start = loop.iterationNanoseconds
        let response = answerImmediately(handler, request)
        // Read after the handler (which might replace the observer), unretained: the box
        // lives in `observerBox` while the observer is told.
        if let box = observerBox.map({ Unmanaged.passUnretained($0) }) {
            box._withUnsafeGuaranteedRef { $0.observer.requestFinished(request, response, since: start) }
        }
        return response
    }

    @inline(__always)
    private func answerImmediately(_ handler: ImmediateHandler, _ request: Request) -> Response {
        do {
            // The scopes are read unretained: the request holds the application for the whole call.
            guard let application = request.application.map({ Unmanaged.passUnretained($0) }) else {
                return try answer(handler, request)
            }
            return try application._withUnsafeGuaranteedRef { scopes in
                try Unmanaged.passUnretained(scopes.handlers)._withUnsafeGuaranteedRef { handlers in
                    try handlers.runImmediately(name: request.method.rawValue, detail: request.path) {
                        try answer(handler, request)
                    }
                }
            }
        } catch {
            return Self.failureResponse(error)
        }
    }

    /// The answer to a request whose handler (or registration) failed.
    private static func failureResponse(_ error: any Error) -> Response {
        if let error = error as? ScopeError {
            return Response.text("\(error.message)\n", status: .serviceUnavailable)
        }
        return Response.text("internal server error\n", status: .internalServerError)
    }

    @inline(__always)
    private func answer(_ handler: Handler, _ request: Request) async throws -> Response {
        do {
            return try await handler(request)
        } catch let error as HTTPError {
            return Self.errorResponse(error)
        }
    }

    @inline(__always)
    private func answer(_ handler: ImmediateHandler, _ request: Request) throws -> Response {
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return Self.errorResponse(error)
        }
    }

    /// What a thrown ``HTTPError`` answers.
    private static func errorResponse(_ error: HTTPError) -> Response {
        Response.text(error.message + "\n", status: error.status)
    }

    /// A streamed response failed after its head was sent.
    func reportStreamFailure(_ error: any Error) {
        logger.warning("streamed response failed after the head was sent", metadata: ["error": "\(error)"])
    }
}

/// An application as one worker serves it: its mount prefix, router and scopes. A class, so
/// that routing a request copies one reference instead of the router and four scopes.
final class MountedApplication: Sendable {
    let prefix: String
    let router: Router
    let scopes: ApplicationScopes

    /// The prefix's bytes, compared with `memcmp`.
    private let prefixStorage: [UInt8]

    init(prefix: String, router: Router, scopes: ApplicationScopes) {
        var normalised = prefix
        while normalised.hasSuffix("/") { normalised.removeLast() }
        self.prefix = normalised
        prefixStorage = Array(normalised.utf8)
        self.router = router
        self.scopes = scopes
    }

    /// How many bytes of a request's path the prefix takes.
    var prefixLength: Int { prefixStorage.count }

    /// Routes `path`, the request's path below the prefix, with the application's router.
    /// A method of the mount, so that the router is read in place rather than copied out of it.
    @inline(__always)
    func route(_ code: MethodCode, _ otherMethod: HTTPRequest.Method?, path: UnsafeRawBufferPointer,
               bounds: RequestPathBounds) -> HTTPServerCore.RouteResult
    {
        switch router.lookup(code, otherMethod: otherMethod, path: path) {
        case .found(let index, let parameters):
            return .found(.init(mount: .passUnretained(self), routeIndex: index, bounds: bounds, parameters: parameters))
        case .methodNotAllowed(let allowed):
            return .methodNotAllowed(.init(mount: .passUnretained(self), bounds: bounds, allowed: allowed))
        case .notFound:
            return .failed(HTTPError(.notFound, "no route for \(code.method(other: otherMethod)) \(prefix)\(String(decoding: path, as: UTF8.self))"))
        }
    }

    /// Whether `path` is the prefix itself or lies below it.
    func matches(_ path: UnsafeRawBufferPointer) -> Bool {
        let length = prefixStorage.count
        guard length > 0 else { return true }
        guard path.count == length || path.count > length && path[length] == UInt8(ascii: "/") else { return false }
        return prefixStorage.withUnsafeBufferPointer { memcmp($0.baseAddress!, path.baseAddress!, length) == 0 }
    }
}

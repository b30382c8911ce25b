import GroveHTTPParser
import HTTPTypes

/// A handler: answers one request.
public typealias Handler = @Sendable (Request) async throws -> Response

/// A handler that answers without suspending (see ``Router/immediate(_:_:_:)``).
public typealias ImmediateHandler = @Sendable (Request) throws -> Response

/// What a route runs.
public enum RouteHandler: Sendable {
    /// A handler run in the connection's task, registered in its application's `handlers` scope.
    case asynchronous(Handler)
    /// A handler run where the request was read, without a task (see ``Router/immediate(_:_:_:)``).
    case immediate(ImmediateHandler)
}

/// Routes requests of one application by method and path.
///
/// ```swift
/// var router = Router()
/// router.get("/") { _ in .text("hello") }
/// router.get("/users/:id") { request in .text(request.parameters["id"] ?? "") }
/// ```
/// A path that matches no route answers 404; one that matches only for other methods answers
/// 405 with an `Allow` field. `HEAD` falls back to the `GET` route (the body is not sent).
///
/// A handler that never waits can be added with ``immediate(_:_:_:)`` instead: it then runs
/// without a task, which makes its requests several times cheaper.
public struct Router: Sendable {
    struct Route: Sendable {
        let method: HTTPRequest.Method
        /// `method`'s code, compared first.
        let code: MethodCode
        let pattern: RoutePattern
    }

    /// What requests are matched against, in order.
    private var routes: [Route] = []
    /// The handler of each route, by the route's index: kept apart so that taking a handler
    /// copies only the handler, not the route's method and pattern too.
    private var handlers: [RouteHandler] = []

    private mutating func add(_ method: HTTPRequest.Method, _ pattern: String, _ handler: RouteHandler) {
        routes.append(Route(method: method, code: MethodCode(method), pattern: RoutePattern(pattern)))
        handlers.append(handler)
    }

    /// An empty router.
    public init() {}

    /// Adds a route; earlier routes win when several match.
    public mutating func on(_ method: HTTPRequest.Method, _ pattern: String, _ handler: @escaping Handler) {
        add(method, pattern, .asynchronous(handler))
    }

    /// Adds a route whose handler answers without suspending; earlier routes win when several
    /// match.
    ///
    /// ```swift
    /// router.immediate(.get, "/") { _ in hello }
    /// ```
    /// A request without a body for such a route is answered on the worker's loop thread right
    /// where it was read: no task is started, and a connection whose requests all go to
    /// immediate routes never has one. The handler is counted in its application's `handlers`
    /// scope and its errors go to that scope, but it cannot be cancelled and does not appear in
    /// stuck reports — it must not block. A request with a body is served by the connection's
    /// task, which calls the handler right after the head: the handler cannot read the body
    /// (``RequestBody`` is asynchronous), and the server skips whatever it left.
    public mutating func immediate(_ method: HTTPRequest.Method, _ pattern: String, _ handler: @escaping ImmediateHandler) {
        add(method, pattern, .immediate(handler))
    }

    /// Adds a `GET` route.
    public mutating func get(_ pattern: String, _ handler: @escaping Handler) { on(.get, pattern, handler) }
    /// Adds a `POST` route.
    public mutating func post(_ pattern: String, _ handler: @escaping Handler) { on(.post, pattern, handler) }
    /// Adds a `PUT` route.
    public mutating func put(_ pattern: String, _ handler: @escaping Handler) { on(.put, pattern, handler) }
    /// Adds a `DELETE` route.
    public mutating func delete(_ pattern: String, _ handler: @escaping Handler) { on(.delete, pattern, handler) }

    /// What routing a request found.
    public enum Match: Sendable {
        /// A route: its handler and the bound path parameters.
        case found(RouteHandler, [String: String])
        /// The path matched only routes of other methods.
        case methodNotAllowed(allowed: [HTTPRequest.Method])
        /// Nothing matched.
        case notFound
    }

    /// Finds the route for `method` and `path` (without its query: `/items/7`).
    public func route(_ method: HTTPRequest.Method, path: Substring) -> Match {
        let code = MethodCode(method)
        return switch withUTF8Bytes(of: path, { lookup(code, otherMethod: MethodCode.otherMethod(code, method), path: $0) }) {
        case .found(let index, let parameters): .found(handlers[index], parameters)
        case .methodNotAllowed(let allowed): .methodNotAllowed(allowed: allowed)
        case .notFound: .notFound
        }
    }

    /// What ``lookup(_:otherMethod:path:)`` found: a route by its index, so that no handler is copied
    /// while routes are tried.
    enum Lookup {
        case found(index: Int, parameters: [String: String])
        case methodNotAllowed(allowed: [HTTPRequest.Method])
        case notFound
    }

    /// ``route(_:path:)`` over the path's bytes, which the server reads from the request in place.
    /// Routes are read through a buffer pointer, so that trying one copies nothing; only the
    /// routes of the request's method are matched against the path, the others only when none
    /// of those matches (for HEAD's fallback to GET and for 405's `Allow`). Methods are
    /// compared by `code`; `otherMethod` is the method when the code is `.other` (then the
    /// spelling decides), nil otherwise.
    @inline(__always)
    func lookup(_ code: MethodCode, otherMethod: HTTPRequest.Method?, path: UnsafeRawBufferPointer) -> Lookup {
        routes.withUnsafeBufferPointer { routes in
            for index in routes.indices where routes[index].code == code {
                if let otherMethod, routes[index].method != otherMethod { continue }
                if let parameters = routes[index].pattern.match(bytes: path) {
                    return .found(index: index, parameters: parameters)
                }
            }
            return Self.mismatch(code.method(other: otherMethod), path: path, routes: routes)
        }
    }

    /// No route of `method` matches `path`: HEAD falls back to the first GET route that does,
    /// else the methods of the routes that match are allowed (405), else there is no route.
    private static func mismatch(
        _ method: HTTPRequest.Method, path: UnsafeRawBufferPointer, routes: UnsafeBufferPointer<Route>
    ) -> Lookup {
        var allowed: [HTTPRequest.Method] = []
        for index in routes.indices {
            guard let parameters = routes[index].pattern.match(bytes: path) else { continue }
            let routeMethod = routes[index].method
            if method == .head, routeMethod == .get { return .found(index: index, parameters: parameters) }
            if !allowed.contains(routeMethod) { allowed.append(routeMethod) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// The handler of the route at `index` (from ``lookup(_:otherMethod:path:)``).
    func handler(at index: Int) -> RouteHandler { handlers[index] }

    /// Whether the handler of route `index` is an immediate one (read in place, not copied).
    func isImmediate(at index: Int) -> Bool {
        if case .immediate = handlers[index] { true } else { false }
    }
}

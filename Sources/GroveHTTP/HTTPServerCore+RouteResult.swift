import GroveHTTPParser

extension HTTPServerCore.RouteResult {
    /// The request a handler sees for `head`, and the handler to run: the route's, or one that
    /// answers the routing error or the probe.
    func request(for head: HTTPRequestHead, body: RequestBody) -> (Request, RouteHandler) {
        switch self {
        case .found(let application, let handler, let path, let query, let parameters):
            let request = Request(parsedHead: head, path: path, query: query, parameters: parameters, body: body,
                                  application: application)
            return (request, handler)
        case .failed(let error):
            return (Self.serverRequest(head), .immediate { _ in throw error })
        case .probe(let answer):
            return (Self.serverRequest(head), .immediate { _ in answer })
        }
    }

    /// The request of an answer the server gives itself (no application, body or path).
    private static func serverRequest(_ head: HTTPRequestHead) -> Request {
        Request(parsedHead: head, path: "", query: nil, parameters: [:], body: .empty, application: nil)
    }

    /// True when the route's handler can answer without a task: an immediate route, a probe
    /// or a routing error.
    var isImmediate: Bool {
        switch self {
        case .found(_, .immediate, _, _, _), .failed, .probe: true
        case .found(_, .asynchronous, _, _, _): false
        }
    }
}

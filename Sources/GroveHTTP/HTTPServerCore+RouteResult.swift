import GroveHTTPParser

extension HTTPServerCore.RouteResult {
    /// The request a handler sees for `head`, and the handler to run: the route's, or one that
    /// answers the routing error or the probe.
    func request(for head: HTTPRequestHead, body: RequestBody) -> (Request, RouteHandler) {
        switch self {
        case .found(let match):
            let request = Request(parsedHead: head, bounds: match.bounds, parameters: match.parameters, body: body,
                                  application: match.application)
            return (request, match.handler)
        case .failed(let error):
            return (Self.serverRequest(head), .immediate { _ in throw error })
        case .probe(let answer):
            return (Self.serverRequest(head), .immediate { _ in answer })
        }
    }

    /// The request of an answer the server gives itself (no application, body or path).
    private static func serverRequest(_ head: HTTPRequestHead) -> Request {
        Request(parsedHead: head, bounds: nil, parameters: [:], body: .empty, application: nil)
    }

    /// True when the route's handler can answer without a task: an immediate route, a probe
    /// or a routing error.
    var isImmediate: Bool {
        switch self {
        case .found(let match):
            if case .immediate = match.handler { true } else { false }
        case .failed, .probe: true
        }
    }
}

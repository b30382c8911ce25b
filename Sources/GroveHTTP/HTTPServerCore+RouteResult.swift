import GroveHTTPParser

extension HTTPServerCore.RouteResult {
    /// The request a handler sees for `head`, and the handler to run: the route's, or one that
    /// answers the routing error or the probe.
    @inline(__always)
    consuming func request(for head: HTTPRequestHead, body: RequestBody) -> (Request, RouteHandler) {
        switch self {
        case .found(let match):
            let request = Request(parsedHead: head, bounds: match.bounds, parameters: match.parameters, body: body,
                                  application: match.application)
            return (request, match.handler)
        case .methodNotAllowed(let mismatch):
            let request = Request(parsedHead: head, bounds: mismatch.bounds, parameters: [:], body: body,
                                  application: mismatch.mount.takeUnretainedValue().scopes)
            let names = mismatch.allowed.map(\.rawValue).joined(separator: ", ")
            return (request, .immediate { _ in
                var response = Response.text("method not allowed\n", status: .methodNotAllowed)
                response.head.headerFields[.allow] = names
                return response
            })
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
    /// or a routing error (405 included).
    var isImmediate: Bool {
        switch self {
        case .found(let match): match.isImmediate
        case .methodNotAllowed, .failed, .probe: true
        }
    }
}

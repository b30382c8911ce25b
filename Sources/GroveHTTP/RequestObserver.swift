import GroveLoop

/// Told about every request a server answered (metrics): its application, status and how long
/// it took. Called on the loop thread, after the handler returned and before the response is
/// written; keep it short.
public protocol RequestObserver: AnyObject, Sendable {
    /// `application` is the application that handled the request (its name is
    /// `application.scope.name`; the object itself is the cheaper key), nil when no application
    /// matched (a 404 or 400 of the server itself).
    /// `durationNanoseconds` is measured on the monotonic clock, from the loop iteration that
    /// started the handler (its first clock reading, ``EventLoop/iterationNanoseconds``) to the
    /// handler's return: it includes the time the request waited behind the requests the worker
    /// handled before it in that iteration, and costs one clock reading per request.
    func requestFinished(application: ApplicationScopes?, status: Int, durationNanoseconds: UInt64)
}

extension RequestObserver {
    /// Reports `response` to `request`, handled since `start` (monotonic nanoseconds): reads the
    /// clock for the end.
    @inline(__always)
    func requestFinished(_ request: Request, _ response: Response, since start: UInt64) {
        requestFinished(application: request.application, status: response.status.code,
                        durationNanoseconds: monotonicNanoseconds() &- start)
    }
}

import GroveHTTP

/// How one worker serves and stops.
public struct WorkerOptions: Sendable {
    /// The budget of a graceful stop: the whole scope tree must drain within it.
    public var gracefulTimeout: Duration
    /// The budget of a fast stop (second SIGTERM, SIGINT, SIGQUIT): everything is cancelled at
    /// once and what still runs after this long is abandoned.
    public var fastTimeout: Duration
    /// Limits and timeouts of the HTTP layer.
    public var http: HTTPServerConfiguration

    /// Graceful stop within 30 s, fast stop within 1 s, default HTTP settings.
    public init(gracefulTimeout: Duration = .seconds(30), fastTimeout: Duration = .seconds(1),
                http: HTTPServerConfiguration = HTTPServerConfiguration()) {
        self.gracefulTimeout = gracefulTimeout
        self.fastTimeout = fastTimeout
        self.http = http
    }
}

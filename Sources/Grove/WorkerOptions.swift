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
    /// Accept one connection at a time, then let other processes accepting on the same socket
    /// have a turn (set when every worker shares one socket).
    public var balancedAccept: Bool
    /// How long a worker that starts a graceful stop because its instance is leaving (shutdown,
    /// `SIGTERM`, master gone) keeps accepting and serving normally while its readiness path
    /// already answers 503, before its listeners close. Counts against ``gracefulTimeout``.
    /// Not applied when a reload, upgrade, scale-down or recycling replaces the worker (see
    /// ``DrainDelayPolicy``).
    public var drainDelay: Duration = .zero
    /// The access log: a path, `-` for standard output, nil for none.
    public var accessLogPath: String?
    /// The access log's line format.
    public var accessLogFormat: LogFormat = .text
    /// Per-application scope timeouts, applied to the applications the worker is given (an
    /// application name none of them has makes the worker fail to start).
    public var applications: ApplicationSettings

    /// Graceful stop within 30 s, fast stop within 1 s, default HTTP settings, greedy accept,
    /// the applications' own scope timeouts.
    public init(gracefulTimeout: Duration = .seconds(30), fastTimeout: Duration = .seconds(1),
                http: HTTPServerConfiguration = HTTPServerConfiguration(), balancedAccept: Bool = false,
                applications: ApplicationSettings = ApplicationSettings()) {
        self.balancedAccept = balancedAccept
        self.applications = applications
        self.gracefulTimeout = gracefulTimeout
        self.fastTimeout = fastTimeout
        self.http = http
    }
}

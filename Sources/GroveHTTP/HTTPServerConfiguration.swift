import GroveHTTPParser

/// Limits and timeouts of the HTTP layer. Every one is configurable.
public struct HTTPServerConfiguration: Sendable, Hashable {
    /// Parser limits: request line (414), header bytes and count (431), body size (413).
    public var parserLimits: HTTPParserLimits
    /// From the first byte of a request to its complete head; a slower client (slowloris)
    /// gets 408 and is closed.
    public var headerTimeout: Duration
    /// The longest wait for the next piece of a request body; then 408 and close.
    public var bodyTimeout: Duration
    /// How long a keep-alive connection may sit idle between requests before it is closed.
    public var idleTimeout: Duration
    /// When a drain starts, idle keep-alive connections are closed once they have been idle at
    /// least this long, so that a request already on the wire is not reset.
    public var drainIdleGrace: Duration
    /// Unread request body a handler leaves behind that is still read and discarded to keep
    /// the connection; a longer remainder closes the connection instead.
    public var maxDiscardedBodyBytes: Int
    /// How often connection deadlines are checked (the resolution of every timeout above).
    public var timerResolution: Duration
    /// Answered by the server itself, before application routing: 200 while the worker serves,
    /// 503 from the moment a drain starts (see ``HTTPServer/stopAnnouncingReadiness()``). nil: off.
    public var readinessPath: String?
    /// Answered by the server itself: 200 while the worker's loop runs, draining or not. nil: off.
    public var livenessPath: String?
    /// A keep-alive connection with a task, idle this long, gives up its task and waits for its
    /// next request without one, so an idle connection costs no task memory (its next request
    /// gets a task again only if it needs one). Never shorter than ``drainIdleGrace``.
    public var idleParkDelay: Duration

    /// The defaults: 10 s for headers, 30 s per body read, 60 s idle, 100 ms drain grace, no
    /// readiness or liveness path (`grove serve` turns them on: `/ready`, `/live`).
    public init(
        parserLimits: HTTPParserLimits = HTTPParserLimits(),
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60),
        drainIdleGrace: Duration = .milliseconds(100),
        maxDiscardedBodyBytes: Int = 64 * 1024,
        timerResolution: Duration = .milliseconds(50),
        readinessPath: String? = nil,
        livenessPath: String? = nil,
        idleParkDelay: Duration = .milliseconds(100)
    ) {
        self.parserLimits = parserLimits
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.drainIdleGrace = drainIdleGrace
        self.maxDiscardedBodyBytes = maxDiscardedBodyBytes
        self.timerResolution = timerResolution
        self.readinessPath = readinessPath
        self.livenessPath = livenessPath
        self.idleParkDelay = idleParkDelay
    }
}

import GroveHTTP
import GroveMaster

/// Everything `grove serve` was told: the sockets, the workers and their timeouts.
///
/// A reload (`SIGHUP`) re-reads it; ``masterConfiguration`` is the part the master's state
/// machine needs, ``workerOptions`` the part each worker needs.
public struct ServeConfiguration: Sendable, Hashable {
    /// Number of worker slots.
    public var workers: Int
    /// Listening addresses (every slot gets one socket per address).
    public var binds: [BindAddress]
    /// Socket per slot (bound by the master), or shared by every worker (sockets passed by systemd).
    public var listenerLayout: ListenerLayout = .socketPerSlot
    /// The master's control socket (`grove ctl`); nil: none.
    public var controlSocket: String?
    /// The admin listener serving `/metrics`; nil: none.
    public var adminBind: AdminBind?
    /// Budget of a graceful stop.
    public var gracefulTimeout: Duration
    /// Budget of a fast stop (second `SIGTERM`, `SIGINT`, `SIGQUIT`).
    public var fastStopTimeout: Duration
    /// The pid file, if any.
    public var pidFile: String?
    /// The configuration file re-read on `SIGHUP`, if any.
    public var configFile: String?
    /// Who the workers run as (`nil`: as the master).
    public var credentials: WorkerCredentials?
    /// Unexpected worker exits tolerated within ``failureWindow`` before the master gives up.
    public var maximumWorkerFailures: Int
    /// The sliding window of ``maximumWorkerFailures``.
    public var failureWindow: Duration
    /// Longest silence between heartbeats of a ready worker.
    public var heartbeatTimeout: Duration
    /// Largest event-loop lag a worker's heartbeat may report.
    public var loopLagTimeout: Duration
    /// Time a worker has to report ready.
    public var bootTimeout: Duration
    /// Replace a worker after this many requests (plus jitter), if set.
    public var recycling: RecyclingPolicy?
    /// The readiness path each worker answers (nil: off).
    public var readinessPath: String? = "/ready"
    /// The liveness path each worker answers (nil: off).
    public var livenessPath: String? = "/live"
    /// How long a stopping worker keeps serving, readiness 503, before its listeners close
    /// (part of ``gracefulTimeout``; see ``DrainDelayPolicy``).
    public var drainDelay: Duration = .zero
    /// Logs and the access log (read at start; not changed by a reload).
    public var logging = LoggingConfiguration()
    /// Limits and timeouts of each worker's HTTP layer.
    public var http = HTTPServerConfiguration()
    /// Per-application scope timeouts from the configuration file.
    public var applications = ApplicationSettings()

    /// Makes a configuration; defaults follow the issue (graceful timeout 30 s, `127.0.0.1:8080`).
    public init(
        workers: Int,
        binds: [BindAddress] = [.tcp(host: "127.0.0.1", port: 8080)],
        gracefulTimeout: Duration = .seconds(30),
        fastStopTimeout: Duration = .seconds(3),
        pidFile: String? = nil,
        configFile: String? = nil,
        credentials: WorkerCredentials? = nil,
        maximumWorkerFailures: Int = 10,
        failureWindow: Duration = .seconds(60),
        heartbeatTimeout: Duration = .seconds(10),
        loopLagTimeout: Duration = .seconds(5),
        bootTimeout: Duration = .seconds(30),
        recycling: RecyclingPolicy? = nil
    ) {
        self.workers = max(1, workers)
        self.binds = binds
        self.gracefulTimeout = gracefulTimeout
        self.fastStopTimeout = fastStopTimeout
        self.pidFile = pidFile
        self.configFile = configFile
        self.credentials = credentials
        self.maximumWorkerFailures = maximumWorkerFailures
        self.failureWindow = failureWindow
        self.heartbeatTimeout = heartbeatTimeout
        self.loopLagTimeout = loopLagTimeout
        self.bootTimeout = bootTimeout
        self.recycling = recycling
    }

    /// The master's tunables.
    public var masterConfiguration: MasterConfiguration {
        MasterConfiguration(
            workers: workers,
            listenerLayout: listenerLayout,
            gracefulTimeout: gracefulTimeout,
            fastStopTimeout: fastStopTimeout,
            bootTimeout: bootTimeout,
            heartbeatTimeout: heartbeatTimeout,
            loopLagTimeout: loopLagTimeout,
            crashLoop: CrashLoopLimit(maximumFailures: maximumWorkerFailures, window: failureWindow),
            recycling: recycling
        )
    }

    /// What each worker is told (its own budgets; the master's stop requests carry deadlines).
    public var workerOptions: WorkerOptions {
        var options = WorkerOptions(gracefulTimeout: gracefulTimeout, fastTimeout: min(fastStopTimeout, .seconds(1)),
                                    http: http, balancedAccept: listenerLayout == .shared, applications: applications)
        applyOperations(to: &options)
        return options
    }
}

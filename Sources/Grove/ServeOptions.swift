import ArgumentParser
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The options of `grove serve`, for any executable that declares its applications through
/// ``GroveServer`` (the demo is one): `@OptionGroup var serve: ServeOptions`.
public struct ServeOptions: ParsableArguments, Sendable {
    /// Worker processes (default: the number of cores).
    @Option(help: "Number of worker processes (default: the number of cores).")
    public var workers: Int?

    /// Listening addresses.
    @Option(name: .customLong("bind"), help: "HOST:PORT to listen on (repeatable; default 127.0.0.1:8080).")
    public var binds: [String] = []

    /// Shorthand kept from the single-process server: `--host H --port P` adds the bind `H:P`.
    @Option(help: "Host of an extra bind (with --port; default 127.0.0.1).")
    public var host: String?

    /// See ``host``.
    @Option(help: "Port of an extra bind (with --host; default 8080).")
    public var port: Int?

    /// Seconds a graceful stop may take.
    @Option(name: .customLong("graceful-timeout"), help: "Seconds a graceful stop (SIGTERM) may take.")
    public var gracefulTimeout: Double = 30

    /// The pid file.
    @Option(name: .customLong("pid-file"), help: "Write the master's pid to this file (removed at exit).")
    public var pidFile: String?

    /// The user workers run as.
    @Option(help: "User the workers run as (the master keeps its privileges to bind and manage).")
    public var user: String?

    /// The group workers run as.
    @Option(help: "Group the workers run as (default: the user's primary group).")
    public var group: String?

    /// The configuration file (YAML; re-read on `SIGHUP`). Its keys are these options' long
    /// names; `GROVE_*` environment variables and the command line override it.
    @Option(help: "YAML configuration file, re-read on SIGHUP (a bad one keeps the running configuration).")
    public var config: String?

    /// The HTTP layer's limits and timeouts (`--http-…`).
    @OptionGroup(title: "HTTP limits and timeouts")
    public var http: HTTPLimitOptions

    /// Crash-loop limit.
    @Option(name: .customLong("max-worker-failures"),
            help: "Unexpected worker exits tolerated within --failure-window before the master gives up.")
    public var maximumWorkerFailures = 10

    /// Crash-loop window.
    @Option(name: .customLong("failure-window"), help: "Seconds of the crash-loop window.")
    public var failureWindow: Double = 60

    /// Heartbeat silence after which a worker is declared stuck.
    @Option(name: .customLong("heartbeat-timeout"), help: "Seconds without a heartbeat before a worker is killed.")
    public var heartbeatTimeout: Double = 10

    /// Event-loop lag after which a worker is declared stuck.
    @Option(name: .customLong("loop-lag-timeout"), help: "Largest event-loop lag (seconds) a worker may report.")
    public var loopLagTimeout: Double = 5

    /// Time a worker has to report ready.
    @Option(name: .customLong("boot-timeout"), help: "Seconds a worker has to report ready.")
    public var bootTimeout: Double = 30

    /// Requests after which a worker is replaced.
    @Option(name: .customLong("max-requests"), help: "Replace a worker after this many requests (default: never).")
    public var maximumRequests: UInt64?

    /// Upper bound of the random extra added to each worker's request quota.
    @Option(name: .customLong("max-requests-jitter"), help: "Up to this many more requests per worker, drawn at random.")
    public var maximumRequestsJitter: UInt64 = 0

    /// One socket per bind address shared by every worker instead of one per slot.
    @Flag(name: .customLong("shared-socket"),
          help: "One socket per address shared by every worker (balanced accept) instead of one SO_REUSEPORT socket per worker.")
    public var sharedSocket = false

    /// The master's control socket.
    @Option(name: .customLong("control-socket"),
            help: "Unix socket of `grove ctl` (mode 0600; default $XDG_RUNTIME_DIR/grove/grove.sock, /run/grove/grove.sock for root, else /tmp/grove-$UID/grove.sock).")
    public var controlSocket: String?

    /// The admin listener.
    @Option(name: .customLong("admin-bind"), help: "HOST:PORT of an admin listener serving Prometheus metrics at /metrics (default: none).")
    public var adminBind: String?

    /// The readiness path (empty: off).
    @Option(name: .customLong("readiness-path"),
            help: "Path each worker answers 200 while serving, 503 once it drains (empty: off).")
    public var readinessPath = "/ready"

    /// The liveness path (empty: off).
    @Option(name: .customLong("liveness-path"), help: "Path each worker answers 200 while its loop runs (empty: off).")
    public var livenessPath = "/live"

    /// Seconds a stopping worker keeps serving with readiness 503 before its listeners close.
    @Option(name: .customLong("drain-delay"),
            help: "Seconds a stopping worker keeps accepting, readiness already 503, before closing its listeners (part of --graceful-timeout).")
    public var drainDelay: Double = 0

    /// Text or JSON log lines.
    @Option(name: .customLong("log-format"), help: "Log line format: text or json.")
    public var logFormat: LogFormat = .text

    /// The log file (default: standard error).
    @Option(name: .customLong("log-file"), help: "Append logs to this file (default: standard error); reopened on SIGUSR1.")
    public var logFile: String?

    /// The lowest level logged.
    @Option(name: .customLong("log-level"), help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: Logger.Level = .info

    /// The access log.
    @Option(name: .customLong("access-log"), help: "Log every request to this file (- for standard output); reopened on SIGUSR1.")
    public var accessLog: String?

    /// Makes the default options (what an empty command line gives).
    public init() {}

    /// Checks every value; throws a `ValidationError` naming the option.
    public func validate() throws {
        for (name, value) in [("--graceful-timeout", gracefulTimeout), ("--failure-window", failureWindow),
                              ("--heartbeat-timeout", heartbeatTimeout), ("--loop-lag-timeout", loopLagTimeout),
                              ("--boot-timeout", bootTimeout)] {
            try OptionSeconds.check(name, value)
        }
        guard maximumWorkerFailures >= 0 else { throw ValidationError("--max-worker-failures must not be negative") }
        try validateOperations()
        if let workers, !(1...ControlCommandHandler.maximumSlots).contains(workers) {
            throw ValidationError("--workers must be between 1 and \(ControlCommandHandler.maximumSlots), not \(workers)")
        }
        if maximumRequests == 0 { throw ValidationError("--max-requests must be at least 1") }
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if let adminBind {
            do {
                _ = try AdminBind(parsing: adminBind)
            } catch {
                throw ValidationError("--admin-bind: \(error)")
            }
        }
        if controlSocket?.isEmpty == true { throw ValidationError("--control-socket must not be empty") }
        for bind in binds {
            do {
                _ = try BindAddress(parsing: bind)
            } catch {
                throw ValidationError("--bind: \(error)")
            }
        }
    }

    /// The configuration these options describe.
    public func configuration() throws -> ServeConfiguration {
        var addresses = try binds.map { text throws(BindAddressError) in try BindAddress(parsing: text) }
        if host != nil || port != nil { addresses.append(.tcp(host: host ?? "127.0.0.1", port: port ?? 8080)) }
        var configuration = ServeConfiguration(
            workers: workers ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            binds: addresses.isEmpty ? [.tcp(host: "127.0.0.1", port: 8080)] : addresses,
            gracefulTimeout: OptionSeconds.duration(gracefulTimeout),
            pidFile: pidFile,
            configFile: config,
            credentials: user == nil && group == nil ? nil : try WorkerCredentials(user: user, group: group),
            maximumWorkerFailures: maximumWorkerFailures,
            failureWindow: OptionSeconds.duration(failureWindow),
            heartbeatTimeout: OptionSeconds.duration(heartbeatTimeout),
            loopLagTimeout: OptionSeconds.duration(loopLagTimeout),
            bootTimeout: OptionSeconds.duration(bootTimeout),
            recycling: maximumRequests.map {
                RecyclingPolicy(maximumRequests: $0, maximumJitter: maximumRequestsJitter, seed: UInt64.random(in: 0 ... .max))
            }
        )
        configuration.listenerLayout = sharedSocket ? .shared : .socketPerSlot
        configuration.http = http.configuration
        configuration.controlSocket = controlSocket ?? ControlSocketPath.defaultPath()
        configuration.adminBind = try adminBind.map { text throws(BindAddressError) in try AdminBind(parsing: text) }
        applyOperations(to: &configuration)
        return configuration
    }
}

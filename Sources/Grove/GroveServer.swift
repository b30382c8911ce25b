import GroveHTTP
import GroveMaster
import Logging

/// The entry point of a Grove server executable: a master that binds the sockets (or adopts
/// those systemd passed: `LISTEN_PID`/`LISTEN_FDS`, shared by every worker) and forks workers
/// serving the applications, as `grove serve` does.
///
/// ```swift
/// struct Serve: ParsableCommand {
///     @OptionGroup var serve: ServeOptions
///     func run() throws {
///         throw ExitCode(try GroveServer.run(serve, applicationNames: ["myapp"]) { [MyApp.make()] })
///     }
/// }
/// ```
public enum GroveServer {
    /// Runs the master until it stops; returns its exit code (0: every worker stopped cleanly).
    ///
    /// The configuration is the configuration file (`--config` or `GROVE_CONFIG`), then the
    /// `GROVE_*` environment variables, then the command line: `options` must be what this
    /// process's command line parsed to (`@OptionGroup var serve: ServeOptions`), since the
    /// command line is read again (``ConfigurationLoader``) to layer it over the file. `SIGHUP`
    /// reads all three again.
    ///
    /// - Parameter applicationNames: the names of the applications `applications` makes, to
    ///   check the file's `applications` section in the master (at start and on reload); nil:
    ///   each worker checks it when it starts.
    /// - Parameter logger: the master's logger (default: `grove.master`, made after the bootstrap).
    /// - Parameter workerLogger: the workers' logger (default: `grove.worker`).
    /// - Parameter bootstrapLogging: bootstrap swift-log with ``GroveLogHandler`` per
    ///   `--log-format`, `--log-file` and `--log-level` (false: the caller bootstrapped it; the
    ///   log file options then only serve `SIGUSR1`'s reopen, which has nothing to reopen).
    /// - Parameter applications: makes the applications; called in each worker after the fork
    ///   (never in the master, which must stay single-threaded).
    public static func run(
        _ options: ServeOptions,
        applicationNames: [String]? = nil,
        logger: Logger? = nil,
        workerLogger: Logger? = nil,
        bootstrapLogging: Bool = true,
        applications: @escaping () -> [Application]
    ) throws -> Int32 {
        let loader = ConfigurationLoader(file: options.config, applicationNames: applicationNames)
        return try run(loader, logger: logger, workerLogger: workerLogger, bootstrapLogging: bootstrapLogging,
                       applications: applications)
    }

    /// Runs the master with the configuration `loader` reads (at start and on each `SIGHUP`);
    /// the parameters are those of ``run(_:applicationNames:logger:workerLogger:bootstrapLogging:applications:)``.
    public static func run(
        _ loader: ConfigurationLoader,
        logger: Logger? = nil,
        workerLogger: Logger? = nil,
        bootstrapLogging: Bool = true,
        applications: @escaping () -> [Application]
    ) throws -> Int32 {
        let initial = try loader.load().serveConfiguration()
        var configuration = initial
        var logging = configuration.logging
        if !bootstrapLogging { logging.file = nil }
        let groveLogging = try GroveLogging(configuration: logging)
        // Each worker opens the access log itself: a path it cannot open must fail here, once,
        // not in every worker (a crash loop).
        if let accessLog = logging.accessLog, accessLog != "-" { _ = try LogDestination(path: accessLog) }
        if bootstrapLogging { groveLogging.bootstrap() }
        let logger = logger ?? Logger(label: "grove.master")
        let workerLogger = workerLogger ?? Logger(label: "grove.worker")
        let systemd = try SystemdListeners.adopt()
        let handover = UpgradeHandover.received()
        let inherited = systemd.isEmpty ? handover?.shared ?? [] : systemd
        let layout: ListenerLayout = inherited.isEmpty ? configuration.listenerLayout : .shared
        let binds = systemd.isEmpty ? configuration.binds : []
        configuration.listenerLayout = layout
        configuration.binds = binds
        let running = configuration
        let driver = try MasterDriver(
            configuration: configuration,
            inherited: inherited,
            handover: handover,
            launch: WorkerLaunch(applications: applications, logger: workerLogger, logging: groveLogging),
            reload: { reload(loader, initial: initial, running: running, logger: logger) },
            logger: logger
        )
        return try driver.run()
    }

    /// `SIGHUP`: the file, the environment and the command line again. Settings the master set
    /// up at start (sockets, pid file) keep their running value, with a warning when they changed.
    static func reload(_ loader: ConfigurationLoader, initial: ServeConfiguration, running: ServeConfiguration,
                       logger: Logger) -> Result<ServeConfiguration, ConfigError> {
        let reloaded: ServeConfiguration
        do {
            reloaded = try loader.load().serveConfiguration()
        } catch {
            return .failure(error.masterError)
        }
        for warning in ConfigurationReloadPolicy.warnings(running: initial, reloaded: reloaded) {
            logger.warning("\(warning)")
        }
        return .success(ConfigurationReloadPolicy.keepingRestartOnlySettings(of: running, in: reloaded))
    }
}

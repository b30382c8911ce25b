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
    /// - Parameter applications: makes the applications; called in each worker after the fork
    ///   (never in the master, which must stay single-threaded).
    public static func run(
        _ options: ServeOptions,
        applicationNames: [String]? = nil,
        logger: Logger = Logger(label: "grove.master"),
        workerLogger: Logger = Logger(label: "grove.worker"),
        applications: @escaping () -> [Application]
    ) throws -> Int32 {
        let loader = ConfigurationLoader(file: options.config, applicationNames: applicationNames)
        return try run(loader, logger: logger, workerLogger: workerLogger, applications: applications)
    }

    /// Runs the master with the configuration `loader` reads (at start and on each `SIGHUP`).
    public static func run(
        _ loader: ConfigurationLoader,
        logger: Logger = Logger(label: "grove.master"),
        workerLogger: Logger = Logger(label: "grove.worker"),
        applications: @escaping () -> [Application]
    ) throws -> Int32 {
        let initial = try loader.load().serveConfiguration()
        var configuration = initial
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
            launch: WorkerLaunch(applications: applications, logger: workerLogger),
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

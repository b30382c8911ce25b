import GroveHTTP
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The entry point of a Grove server executable: a master that binds the sockets (or adopts
/// those systemd passed: `LISTEN_PID`/`LISTEN_FDS`, shared by every worker) and forks workers
/// serving the applications, as `grove serve` does.
///
/// ```swift
/// struct Serve: ParsableCommand {
///     @OptionGroup var serve: ServeOptions
///     func run() throws {
///         throw ExitCode(try GroveServer.run(serve) { [MyApp.make()] })
///     }
/// }
/// ```
public enum GroveServer {
    /// Runs the master until it stops; returns its exit code (0: every worker stopped cleanly).
    ///
    /// - Parameter logger: the master's logger (default: `grove.master`, made after the bootstrap).
    /// - Parameter workerLogger: the workers' logger (default: `grove.worker`).
    /// - Parameter bootstrapLogging: bootstrap swift-log with ``GroveLogHandler`` per
    ///   `--log-format`, `--log-file` and `--log-level` (false: the caller bootstrapped it; the
    ///   log file options then only serve `SIGUSR1`'s reopen, which has nothing to reopen).
    /// - Parameter applications: makes the applications; called in each worker after the fork
    ///   (never in the master, which must stay single-threaded).
    public static func run(
        _ options: ServeOptions,
        logger: Logger? = nil,
        workerLogger: Logger? = nil,
        bootstrapLogging: Bool = true,
        applications: @escaping () -> [Application]
    ) throws -> Int32 {
        var configuration = try options.configuration()
        var logging = configuration.logging
        if !bootstrapLogging { logging.file = nil }
        let groveLogging = try GroveLogging(configuration: logging)
        // Each worker opens the access log itself: a path it cannot open must fail here, once,
        // not in every worker (a crash loop).
        if let accessLog = logging.accessLog, accessLog != "-" { _ = try LogDestination(path: accessLog) }
        if bootstrapLogging { groveLogging.bootstrap() }
        let logger = logger ?? Logger(label: "grove.master")
        let workerLogger = workerLogger ?? Logger(label: "grove.worker")
        if let problem = ConfigFileCheck.problem(with: configuration.configFile) { throw problem }
        let systemd = try SystemdListeners.adopt()
        let handover = UpgradeHandover.received()
        let inherited = systemd.isEmpty ? handover?.shared ?? [] : systemd
        let layout: ListenerLayout = inherited.isEmpty ? configuration.listenerLayout : .shared
        let binds = systemd.isEmpty ? configuration.binds : []
        configuration.listenerLayout = layout
        configuration.binds = binds
        let driver = try MasterDriver(
            configuration: configuration,
            inherited: inherited,
            handover: handover,
            launch: WorkerLaunch(applications: applications, logger: workerLogger, logging: groveLogging),
            reload: { reload(options).map { reloaded in
                var reloaded = reloaded
                reloaded.listenerLayout = layout
                reloaded.binds = binds
                return reloaded
            } },
            logger: logger
        )
        return try driver.run()
    }

    /// `SIGHUP`: the command line again (its configuration file must still be readable).
    static func reload(_ options: ServeOptions) -> Result<ServeConfiguration, ConfigError> {
        let configuration: ServeConfiguration
        do {
            configuration = try options.configuration()
        } catch {
            return .failure(ConfigError(.invalidValue, file: "command line", message: "\(error)"))
        }
        if let problem = ConfigFileCheck.problem(with: configuration.configFile) { return .failure(problem) }
        return .success(configuration)
    }
}

/// The configuration file's format arrives with issue 6; until then the file must exist and
/// be a readable regular file.
enum ConfigFileCheck {
    /// Why `path` cannot be used, or nil when it can (or when there is none).
    static func problem(with path: String?) -> ConfigError? {
        guard let path else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else {
            return ConfigError(.unreadable, file: path, message: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return ConfigError(.unreadable, file: path, message: "not a regular file")
        }
        guard access(path, R_OK) == 0 else {
            return ConfigError(.unreadable, file: path, message: String(cString: strerror(errno)))
        }
        return nil
    }
}

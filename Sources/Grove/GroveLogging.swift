import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The process-wide logging of a Grove server: swift-log bootstrapped with ``GroveLogHandler``
/// on one ``LogDestination``, shared by the master and (through the fork) its workers.
///
/// ``GroveServer/run(_:logger:workerLogger:bootstrapLogging:applications:)`` sets it up from
/// `--log-format`, `--log-file` and `--log-level`. `SIGUSR1` makes the master and every worker
/// ``reopen()`` the file — each process opens the path anew, so after a rotation (rename, then
/// `SIGUSR1`) the new file receives the lines of all of them.
public final class GroveLogging: Sendable {
    /// The configuration it was made from.
    public let configuration: LoggingConfiguration
    /// The log file or standard error.
    public let destination: LogDestination
    /// The process's worker slot (set after the fork).
    public let context = ProcessLogContext()

    /// Opens the log file (nothing is bootstrapped yet).
    public init(configuration: LoggingConfiguration) throws(LogFileError) {
        self.configuration = configuration
        destination = try configuration.file.map { path throws(LogFileError) in try LogDestination(path: path) }
            ?? LogDestination(standardStream: STDERR_FILENO)
    }

    /// Makes every `Logger` created from now on in this process use ``GroveLogHandler`` on this
    /// destination. swift-log allows this once per process.
    public func bootstrap() {
        let format = configuration.format
        let level = configuration.level
        let destination = destination
        let context = context
        LoggingSystem.bootstrap({ label, provider in
            GroveLogHandler(label: label, format: format, destination: destination, context: context,
                            level: level, metadataProvider: provider)
        }, metadataProvider: nil)
    }

    /// A handler for `label` without the process-wide bootstrap (tests, embedding).
    public func makeHandler(label: String) -> GroveLogHandler {
        GroveLogHandler(label: label, format: configuration.format, destination: destination, context: context,
                        level: configuration.level)
    }

    /// Reopens the log file; a failure keeps the old descriptor and is reported to `logger`.
    public func reopen(logger: Logger) {
        do {
            try destination.reopen()
            if let path = destination.path { logger.notice("log file reopened", metadata: ["path": "\(path)"]) }
        } catch {
            logger.error("\(error); still logging to the old file")
        }
    }
}

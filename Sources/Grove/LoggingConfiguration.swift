import Logging

/// Where and how the master and the workers log, and whether requests are logged.
///
/// Read once at start: a reload (`SIGHUP`) does not change it; `SIGUSR1` reopens the files
/// (after a log rotation moved them away).
public struct LoggingConfiguration: Sendable, Hashable {
    /// Text or JSON lines (the access log follows it too).
    public var format: LogFormat
    /// The log file (appended to, created 0644 if missing); nil: standard error.
    public var file: String?
    /// The lowest level written.
    public var level: Logger.Level
    /// The access log: a file path, `-` for standard output, nil for none.
    public var accessLog: String?

    /// Text to standard error at `info`, no access log.
    public init(format: LogFormat = .text, file: String? = nil, level: Logger.Level = .info, accessLog: String? = nil) {
        self.format = format
        self.file = file
        self.level = level
        self.accessLog = accessLog
    }
}

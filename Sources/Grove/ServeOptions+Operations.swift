import ArgumentParser

extension ServeOptions {
    /// Checks the readiness, drain and logging options.
    func validateOperations() throws {
        for (name, path) in [("--readiness-path", readinessPath), ("--liveness-path", livenessPath)]
        where !path.isEmpty && !path.hasPrefix("/") {
            throw ValidationError("\(name) must start with / (or be empty to turn it off), not '\(path)'")
        }
        if !readinessPath.isEmpty, readinessPath == livenessPath {
            throw ValidationError("--readiness-path and --liveness-path must differ (both are '\(readinessPath)')")
        }
        try OptionSeconds.check("--drain-delay", drainDelay, allowZero: true)
        guard drainDelay < gracefulTimeout else {
            throw ValidationError("--drain-delay (\(drainDelay) s) must be shorter than --graceful-timeout "
                + "(\(gracefulTimeout) s): the delay is part of the graceful stop's budget")
        }
        if let logFile, logFile.isEmpty { throw ValidationError("--log-file must not be empty") }
        if let accessLog, accessLog.isEmpty { throw ValidationError("--access-log must not be empty (- is standard output)") }
    }

    /// Copies the readiness, drain and logging options into `configuration`.
    func applyOperations(to configuration: inout ServeConfiguration) {
        configuration.readinessPath = readinessPath.isEmpty ? nil : readinessPath
        configuration.livenessPath = livenessPath.isEmpty ? nil : livenessPath
        configuration.drainDelay = OptionSeconds.duration(drainDelay)
        configuration.logging = LoggingConfiguration(format: logFormat, file: logFile, level: logLevel, accessLog: accessLog)
    }
}

extension ServeConfiguration {
    /// Copies the probes, the drain delay and the access log into a worker's options.
    func applyOperations(to options: inout WorkerOptions) {
        options.http.readinessPath = readinessPath
        options.http.livenessPath = livenessPath
        options.drainDelay = drainDelay
        options.accessLogPath = logging.accessLog
        options.accessLogFormat = logging.format
    }
}

import GroveHTTP
import GroveLoop
import Logging
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// One worker: an event loop on the current thread, a scope tree rooted at `root`, the HTTP
/// server with its applications, and what stops it.
///
/// Standalone, `SIGTERM` starts a graceful stop (listeners close, idle connections close,
/// in-flight requests finish, then applications drain innermost first) within
/// ``WorkerOptions/gracefulTimeout``; a second `SIGTERM`, or `SIGINT`/`SIGQUIT`, turns it into a
/// fast stop (cancel now, ``WorkerOptions/fastTimeout``). A worker forked by a master is
/// stopped by the master's messages instead (and by `SIGTERM` or the loss of its master). The
/// report of what was still running is logged and returned.
public enum GroveWorker {
    /// Serves `applications` on `listeners` (already bound) until a signal stops the worker.
    ///
    /// - Parameter listeners: listening socket descriptors; the worker owns them.
    /// - Returns: the shutdown report of the scope tree.
    public static func run(
        applications: [Application],
        listeners: [Int32],
        options: WorkerOptions = WorkerOptions(),
        logger: Logger = Logger(label: "grove.worker")
    ) throws -> ShutdownReport {
        try run(applications: applications, listeners: listeners, options: options, control: nil, logger: logger)
    }

    /// Serves like the public `run`, and with `control` talks to its master over the channel.
    static func run(
        applications: [Application],
        listeners: [Int32],
        options: WorkerOptions,
        control: WorkerControl?,
        logger: Logger
    ) throws -> ShutdownReport {
        let applications = try options.applications.applied(to: applications)
        let loop = try EventLoop()
        defer { loop.close() }
        let root = TaskScope.root(name: "root", executor: loop.executor, clock: loop.clock, logger: logger)
        let signals = control == nil ? [SIGTERM, SIGINT, SIGQUIT] : [SIGTERM]
        let stopper = try WorkerStopper(loop: loop, root: root, options: options, logger: logger, signals: signals)
        defer { stopper.close() }
        reportEscapedTasks(loop: loop, logger: logger)
        return try loop.run {
            let server = try HTTPServer(loop: loop, root: root, applications: applications,
                                        configuration: options.http, logger: logger)
            stopper.onDrainStart = { server.stopAnnouncingReadiness() }
            let accessLog = try options.accessLogPath.map { path in
                try AccessLogWriter(loop: loop, path: path, format: options.accessLogFormat, worker: control?.slot)
            }
            server.setAccessLog(accessLog)
            defer { accessLog?.close() }
            try await server.start()
            var adopted: [any StreamListener] = []
            for fd in listeners {
                let listener: any StreamListener
                if case .unix = try ListeningSocket.localAddress(of: fd) {
                    listener = try UnixListener(loop: loop, adopting: fd)
                } else {
                    listener = try TCPListener(loop: loop, adopting: fd, balancedAccept: options.balancedAccept)
                }
                try server.serve(listener)
                adopted.append(listener)
                logger.info("serving", metadata: ["address": "\(listener.listenerDescription)", "pid": "\(getpid())"])
            }
            let link = try control.map { control in
                try WorkerLink(loop: loop, control: control, root: root, server: server, stopper: stopper,
                               options: options, logger: logger) { [adopted] in adopted.forEach { $0.close() } }
            }
            link?.reopenAccessLog = accessLog.map { writer in { try writer.reopen() } }
            link?.announceReady()
            let report = await stopper.waitForStop()
            let level: Logger.Level = report.isClean ? .info : .warning
            logger.log(level: level, "worker stopped", metadata: ["pid": "\(getpid())", "report": "\(report)"])
            logEscapedTaskTotal(logger: logger)
            await link?.finish(with: report)
            return report
        }
    }
}

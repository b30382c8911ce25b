import GroveHTTP
import GroveLoop
import Logging
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// One worker: an event loop on the current thread, a scope tree rooted at `root`, the HTTP
/// server with its applications, and the signals that stop it.
///
/// `SIGTERM` starts a graceful stop (listeners close, idle connections close, in-flight
/// requests finish, then applications drain innermost first) within
/// ``WorkerOptions/gracefulTimeout``; a second `SIGTERM`, or `SIGINT`/`SIGQUIT`, turns it into a
/// fast stop (cancel now, ``WorkerOptions/fastTimeout``). The report of what was still running
/// is logged and returned.
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
        let loop = try EventLoop()
        defer { loop.close() }
        let root = TaskScope.root(name: "root", executor: loop.executor, clock: loop.clock, logger: logger)
        let stopper = try WorkerStopper(loop: loop, root: root, options: options, logger: logger)
        defer { stopper.close() }
        return try loop.run {
            let server = try HTTPServer(loop: loop, root: root, applications: applications,
                                        configuration: options.http, logger: logger)
            try await server.start()
            for fd in listeners {
                let listener = try TCPListener(loop: loop, adopting: fd)
                try server.serve(listener)
                logger.info("serving", metadata: ["address": "\(listener.localAddress)", "pid": "\(getpid())"])
            }
            let report = await stopper.waitForStop()
            let level: Logger.Level = report.isClean ? .info : .warning
            logger.log(level: level, "worker stopped", metadata: ["report": "\(report)"])
            return report
        }
    }
}

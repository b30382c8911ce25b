import GroveLoop
import Logging
import Synchronization
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// Turns the stop signals of a worker into shutdowns of its scope tree: the first `SIGTERM`
/// a graceful one, a second `SIGTERM` or any `SIGINT`/`SIGQUIT` a fast one.
final class WorkerStopper: @unchecked Sendable {
    private let loop: EventLoop
    private let root: TaskScope
    private let options: WorkerOptions
    private let logger: Logger
    private var watchers: [SignalWatcher] = []
    private var state = State.serving
    private var waiter: CheckedContinuation<ShutdownReport, Never>?

    private enum State {
        case serving
        case graceful(Task<ShutdownReport, Never>)
        case fast(Task<ShutdownReport, Never>)
        case done(ShutdownReport)
    }

    init(loop: EventLoop, root: TaskScope, options: WorkerOptions, logger: Logger) throws {
        self.loop = loop
        self.root = root
        self.options = options
        self.logger = logger
        for signal in [SIGTERM, SIGINT, SIGQUIT] {
            watchers.append(try SignalWatcher(loop: loop, signal: signal) { [unowned self] in self.received($0) })
        }
    }

    /// Waits until a signal stopped the tree; returns its report.
    func waitForStop() async -> ShutdownReport {
        if case .done(let report) = state { return report }
        return await withCheckedContinuation { waiter = $0 }
    }

    private func received(_ signal: Int32) {
        let name = signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "SIGQUIT"
        switch state {
        case .serving where signal == SIGTERM:
            logger.info("graceful stop", metadata: ["signal": "\(name)", "budget": "\(options.gracefulTimeout)"])
            state = .graceful(stop(cause: .signal(name), within: options.gracefulTimeout))
        case .serving, .graceful:
            logger.warning("fast stop", metadata: ["signal": "\(name)", "budget": "\(options.fastTimeout)"])
            state = .fast(stop(cause: .signal(name), within: options.fastTimeout, fast: true))
        case .fast, .done:
            break
        }
    }

    private func stop(cause: ShutdownCause, within budget: Duration, fast: Bool = false) -> Task<ShutdownReport, Never> {
        let root = self.root
        return Task(executorPreference: loop.executor) {
            let report = fast
                ? await root.shutdownNow(cause: cause, within: budget)
                : await root.shutdown(cause: cause, within: budget)
            self.finished(report)
            return report
        }
    }

    private func finished(_ report: ShutdownReport) {
        if case .done = state { return }
        state = .done(report)
        waiter?.resume(returning: report)
        waiter = nil
    }

    func close() {
        watchers.forEach { $0.close() }
        watchers = []
    }
}

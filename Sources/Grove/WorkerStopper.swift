import GroveLoop
import Logging
import Synchronization
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// Turns the stop requests of a worker into shutdowns of its scope tree: the first `SIGTERM`
/// (or the master's graceful stop) a graceful one, a second `SIGTERM`, any `SIGINT`/`SIGQUIT`
/// among the watched signals, or the master's fast stop a fast one.
final class WorkerStopper: @unchecked Sendable {
    private let loop: EventLoop
    private let root: TaskScope
    private let options: WorkerOptions
    private let logger: Logger
    private var watchers: [SignalWatcher] = []
    private var state = State.serving
    private var waiter: CheckedContinuation<ShutdownReport, Never>?
    /// Whether a `SIGTERM` arrived already: only a second one escalates (a worker whose master
    /// asked it to stop, or died, also gets `SIGTERM` from `PR_SET_PDEATHSIG`: that one must
    /// not turn the drain into a fast stop).
    private var terminateReceived = false

    /// Called once, when the first stop (graceful or fast) is requested: the readiness path
    /// turns 503 from then on.
    var onDrainStart: (() -> Void)?

    private enum State {
        case serving
        /// A graceful stop waiting out its drain delay (the worker still accepts and serves).
        case delaying(LoopTimer)
        case graceful(Task<ShutdownReport, Never>)
        case fast(Task<ShutdownReport, Never>)
        case done(ShutdownReport)
    }

    /// Watches `signals` (a standalone worker: `SIGTERM`, `SIGINT`, `SIGQUIT`; a worker of a
    /// master: `SIGTERM` only).
    init(loop: EventLoop, root: TaskScope, options: WorkerOptions, logger: Logger, signals: [Int32]) throws {
        self.loop = loop
        self.root = root
        self.options = options
        self.logger = logger
        for signal in signals {
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
        if signal == SIGTERM, !terminateReceived {
            terminateReceived = true
            requestGracefulStop(cause: .signal(name), within: options.gracefulTimeout, drainDelay: options.drainDelay)
        } else {
            requestFastStop(cause: .signal(name))
        }
    }

    /// Starts a graceful stop within `budget`; a worker already stopping keeps its stop.
    ///
    /// With a `drainDelay`, the readiness path turns 503 now but the scope tree's shutdown (which
    /// closes the listeners) starts only after the delay, within what is left of `budget`.
    func requestGracefulStop(cause: ShutdownCause, within budget: Duration, drainDelay: Duration = .zero) {
        guard case .serving = state else { return }
        startDrain()
        let delay = min(drainDelay, budget)
        guard delay > .zero, let timer = try? LoopTimer(loop: loop) else {
            logger.info("graceful stop", metadata: ["cause": "\(cause)", "budget": "\(budget)"])
            state = .graceful(stop(cause: cause, within: budget))
            return
        }
        logger.info("graceful stop after the drain delay: readiness answers 503, still serving",
                    metadata: ["cause": "\(cause)", "budget": "\(budget)", "drain-delay": "\(delay)"])
        state = .delaying(timer)
        timer.start(after: delay) { [unowned self] in
            guard case .delaying(let timer) = state else { return }
            timer.close()
            logger.info("drain delay over: closing the listeners", metadata: ["cause": "\(cause)"])
            state = .graceful(stop(cause: cause, within: budget - delay))
        }
    }

    private func startDrain() {
        let hook = onDrainStart
        onDrainStart = nil
        hook?()
    }

    /// Starts a fast stop (or turns a graceful one into it) within ``WorkerOptions/fastTimeout``.
    func requestFastStop(cause: ShutdownCause) {
        if case .delaying(let timer) = state { timer.close() }
        startDrain()
        switch state {
        case .serving, .delaying, .graceful:
            logger.warning("fast stop", metadata: ["cause": "\(cause)", "budget": "\(options.fastTimeout)"])
            state = .fast(stop(cause: cause, within: options.fastTimeout, fast: true))
        case .fast, .done:
            break
        }
    }

    /// True until a stop was requested.
    var isServing: Bool {
        if case .serving = state { return true }
        return false
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

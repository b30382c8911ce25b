import Foundation
import GroveHTTP
import GroveLoop
import GroveMaster
import Logging
import TaskScopes

/// How a worker forked by a master reaches it.
struct WorkerControl {
    /// The worker's end of the control socketpair.
    let channel: Int32
    /// The worker's slot.
    let slot: Int
    /// The worker's generation.
    let generation: Int
    /// The process's logging (reopened on the master's `reopenLogs`), when Grove set it up.
    var logging: GroveLogging?
}

/// The worker's side of the control channel: `ready` once serving, a heartbeat every second,
/// the master's stop / snapshot / reopen-logs requests, and the stuck report and exit reason
/// at the end. EOF on the channel (the master died) starts a graceful stop.
final class WorkerLink {
    private let control: WorkerControl
    private let root: TaskScope
    private let server: HTTPServer
    private let stopper: WorkerStopper
    private let options: WorkerOptions
    private let logger: Logger
    private let stopAccepting: () -> Void
    private var channel: ControlChannel!
    private var heartbeat: WorkerHeartbeat!
    /// The worker's figures, sent to the master with each heartbeat and before exiting.
    private let metrics = WorkerMetrics(factory: .shared)
    /// Reopens the worker's access log (`SIGUSR1` to the master); the log file is reopened
    /// through ``WorkerControl/logging``.
    var reopenAccessLog: (() throws -> Void)?

    /// Adopts the channel and starts reading it; `stopAccepting` closes the worker's listeners.
    init(loop: EventLoop, control: WorkerControl, root: TaskScope, server: HTTPServer, stopper: WorkerStopper,
         options: WorkerOptions, logger: Logger, stopAccepting: @escaping () -> Void) throws {
        self.control = control
        self.root = root
        self.server = server
        self.stopper = stopper
        self.options = options
        self.logger = logger
        self.stopAccepting = stopAccepting
        channel = try ControlChannel(loop: loop, adopting: control.channel, onMessage: { [unowned self] in
            received($0)
        }, onClose: { reason in
            logger.warning("the master's control channel closed: draining", metadata: ["reason": "\(reason ?? "EOF")"])
            stopper.requestGracefulStop(cause: .explicit("the master is gone"), within: options.gracefulTimeout,
                                        drainDelay: options.drainDelay)
        })
        heartbeat = try WorkerHeartbeat(loop: loop) { [unowned self] in beat(loopLagMicros: $0) }
        server.requestObserver = metrics
    }

    /// Tells the master the worker serves, and starts the heartbeats.
    func announceReady() {
        channel.send(.ready(pid: getpid(), generation: control.generation, slot: control.slot))
        heartbeat.start()
    }

    private func beat(loopLagMicros: UInt64) {
        let counters = RequestCounters(snapshot: root.snapshot())
        channel.send(.heartbeat(loopLagMicros: loopLagMicros, requestsServed: counters.served,
                                inFlight: counters.inFlight, activeConnections: UInt64(server.connectionCount)))
        sendMetrics(loopLagMicros: loopLagMicros)
    }

    private func sendMetrics(loopLagMicros: UInt64?) {
        let report = metrics.report(snapshot: root.snapshot(), loopLagMicros: loopLagMicros, connections: server.connectionCount)
        if let failure = channel.send(.metrics(report)) {
            logger.debug("sending metrics to the master failed: \(failure)")
        }
    }

    private func received(_ message: ControlMessage) {
        switch message {
        case .gracefulStop(let deadline, let reason):
            let budget = Duration.nanoseconds(max(0, deadline - EventTime.current().unixNanoseconds))
            let delay = DrainDelayPolicy.delay(forMasterStopReason: reason, configured: options.drainDelay)
            // Without a delay (a reload, a scale-down, recycling), close the listeners before the
            // readiness path turns 503: a new connection then reaches the next generation, never
            // a worker that accepts it only to say it is not ready.
            if delay == .zero { stopAccepting() }
            stopper.requestGracefulStop(cause: .explicit("master: \(reason)"), within: budget, drainDelay: delay)
        case .fastStop:
            stopper.requestFastStop(cause: .explicit("master: fast stop"))
        case .snapshotRequest(let id):
            channel.send(.snapshot(id: id, json: root.snapshot(includeTasks: true).jsonString(prettyPrinted: false)))
        case .reopenLogs:
            control.logging?.reopen(logger: logger)
            do {
                try reopenAccessLog?()
            } catch {
                logger.error("reopening the access log failed: \(error); still writing to the old file")
            }
        case .stopAccepting:
            logger.info("stop accepting: closing this worker's listeners")
            stopAccepting()
        case .ready, .heartbeat, .counters, .metrics, .snapshot, .stuckReport, .exiting:
            logger.warning("ignoring a worker-to-master message from the master: \(message)")
        }
    }

    /// Sends the stuck report (when the stop was not clean) and the exit reason, waits until
    /// they were handed to the kernel, and closes the channel.
    func finish(with report: ShutdownReport) async {
        heartbeat.close()
        sendMetrics(loopLagMicros: nil)
        if !report.isClean {
            channel.send(.stuckReport(json: Self.stuckJSON(report)))
        }
        let reason = "\(report.cause)"
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            channel.send(.exiting(reason: reason, clean: report.isClean)) { done.resume() }
        }
        channel.close()
    }

    /// The abandoned tasks by scope path, as compact JSON.
    static func stuckJSON(_ report: ShutdownReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report.allAbandoned) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

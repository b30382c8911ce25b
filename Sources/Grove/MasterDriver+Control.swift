import GroveLoop
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The master's control-side state: the control socket, the admin listener, the bookkeeping
/// behind `grove ctl status` and the metrics, and the `tree` requests waiting for workers.
final class MasterControl {
    /// Where the control socket goes (nil: none).
    let socketPath: String?
    /// Where the admin listener goes (nil: none).
    let adminBind: AdminBind?
    /// Whether this master is a binary upgrade's new one.
    let upgrading: Bool
    /// The control socket, once open.
    var server: ControlServer?
    /// The admin listener, once open.
    var admin: AdminServer?
    /// Heartbeats, exits, reloads, metrics.
    var ledger = MasterLedger()
    /// When the master started.
    let startedAt = EventTime.current().monotonic
    /// `tree` requests waiting for answers, by token.
    var gatherings: [UInt64: PendingGathering] = [:]
    /// Ids of the driver's own snapshot requests (the machine's count up from 1).
    var nextSnapshotID: UInt64 = 1 << 62

    /// How long `tree` waits for the workers.
    static let treeTimeout = Duration.seconds(2)

    /// One `tree` request in progress.
    struct PendingGathering {
        var gathering: SnapshotGathering
        let timer: LoopTimer?
        let respond: (ControlResponse) -> Void
    }

    init(socketPath: String?, adminBind: AdminBind?, upgrading: Bool) {
        self.socketPath = socketPath
        self.adminBind = adminBind
        self.upgrading = upgrading
    }
}

extension MasterDriver {
    /// Opens the control socket and the admin listener (before any worker is forked).
    func startControl() throws {
        if let path = control.socketPath {
            control.server = try ControlServer(loop: loop, path: path, upgrading: control.upgrading, logger: logger) {
                [unowned self] request, respond in handleControl(request, respond: respond)
            }
            logger.notice("control socket: \(path)\(control.upgrading ? " (taken over once the workers are ready)" : "")")
        }
        try startAdmin()
    }

    /// Closes the control socket and the admin listener, and answers the waiting `tree` requests.
    func stopControl() {
        for token in Array(control.gatherings.keys) { finishGathering(token) }
        control.server?.close()
        control.server = nil
        stopAdmin()
    }

    /// Sees every event before the machine: feeds the ledger and the `tree` requests. Returns
    /// true when the event was for the control side only (a snapshot a `tree` asked for, a
    /// metrics report) and must not reach the machine.
    func consumeControlEvent(_ event: MasterEvent) -> Bool {
        control.ledger.willHandle(event, machine: machine)
        switch event {
        case .message(let pid, .snapshot(let id, let json)):
            guard let token = control.gatherings.first(where: { $0.value.gathering.expects(pid: pid, id: id) })?.key else { return false }
            control.gatherings[token]!.gathering.received(pid: pid, id: id, json: json)
            finishGatheringIfComplete(token)
            return true
        case .message(_, .metrics):
            return true
        case .workerExited(let pid, _), .channelClosed(let pid):
            for token in Array(control.gatherings.keys) {
                control.gatherings[token]!.gathering.workerGone(pid: pid)
                finishGatheringIfComplete(token)
            }
            return false
        default:
            return false
        }
    }

    /// Records what the machine did with `event` (reloads).
    func recordHandled(_ event: MasterEvent, before: MasterStateMachine) {
        control.ledger.didHandle(event, before: before, after: machine)
    }

    private func handleControl(_ request: ControlRequest, respond: @escaping (ControlResponse) -> Void) {
        let context = ControlCommandHandler.Context(
            machine: machine, ledger: control.ledger, masterPID: masterPID,
            startedAt: control.startedAt, now: EventTime.current().monotonic
        )
        switch ControlCommandHandler.decide(request, context: context) {
        case .respond(let response):
            respond(response)
        case .perform(let response, let events):
            respond(response)
            logger.notice("control: \(response.message ?? request.command)")
            for event in events { post(event) }
        case .gatherSnapshots(let workers):
            gatherSnapshots(from: workers, respond: respond)
        }
    }

    private func gatherSnapshots(from workers: [WorkerRecord], respond: @escaping (ControlResponse) -> Void) {
        var asked: [SnapshotGathering.Asked] = []
        var unreachable: [Int32] = []
        for record in workers {
            let id = control.nextSnapshotID
            control.nextSnapshotID += 1
            asked.append(.init(pid: record.pid, slot: record.slot, generation: record.generation, requestID: id))
            // No channel (the worker is exiting), or the request could not be queued: it will not answer.
            guard let channel = channels[record.pid], channel.send(.snapshotRequest(id: id)) == nil else {
                unreachable.append(record.pid)
                continue
            }
        }
        var gathering = SnapshotGathering(asked: asked)
        for pid in unreachable { gathering.workerGone(pid: pid) }
        let token = asked.first?.requestID ?? control.nextSnapshotID
        let timer = try? LoopTimer(loop: loop)
        control.gatherings[token] = MasterControl.PendingGathering(gathering: gathering, timer: timer, respond: respond)
        timer?.start(after: MasterControl.treeTimeout) { [unowned self] in finishGathering(token) }
        finishGatheringIfComplete(token)
    }

    private func finishGatheringIfComplete(_ token: UInt64) {
        guard let pending = control.gatherings[token], pending.gathering.isComplete else { return }
        finishGathering(token)
    }

    private func finishGathering(_ token: UInt64) {
        guard let pending = control.gatherings.removeValue(forKey: token) else { return }
        pending.timer?.close()
        pending.respond(.success(tree: pending.gathering.report()))
    }
}

import Testing
@testable import GroveMaster

@Suite("Control commands")
struct ControlCommandTests {
    func context(_ harness: MasterHarness, ledger: MasterLedger = MasterLedger()) -> ControlCommandHandler.Context {
        .init(machine: harness.machine, ledger: ledger, masterPID: 42, startedAt: harness.instant(0), now: harness.now)
    }

    func running(workers: Int = 2) -> (MasterHarness, [Int32]) {
        var harness = MasterHarness(MasterConfiguration(workers: workers))
        let pids = harness.boot()
        return (harness, pids)
    }

    @Test("status lists the master and each worker with its heartbeat figures")
    func status() {
        var (harness, pids) = running()
        var ledger = MasterLedger()
        harness.seconds = 5
        let beat = MasterEvent.message(pid: pids[1], .heartbeat(loopLagMicros: 2500, requestsServed: 9, inFlight: 3, activeConnections: 4))
        ledger.willHandle(beat, machine: harness.machine)
        harness.handle(beat)
        guard case .respond(let response) = ControlCommandHandler.decide(ControlRequest(command: "status"), context: context(harness, ledger: ledger)),
              let status = response.status
        else { Issue.record("no status"); return }
        #expect(response.ok)
        #expect(status.master.pid == 42)
        #expect(status.master.uptimeSeconds == 5)
        #expect(status.master.state == "running")
        #expect(status.master.generation == 1)
        #expect(status.master.slots == 2)
        #expect(status.workers.map(\.pid) == pids)
        #expect(status.workers.map(\.slot) == [0, 1])
        #expect(status.workers[1].requestsServed == 9)
        #expect(status.workers[1].inFlight == 3)
        #expect(status.workers[1].activeConnections == 4)
        #expect(status.workers[1].loopLagMilliseconds == 2.5)
        #expect(status.workers[0].state == "ready")
        #expect(status.workers[0].ageSeconds == 5)
    }

    @Test("reload is SIGHUP while running, refused while stopping")
    func reload() {
        var (harness, _) = running()
        #expect(ControlCommandHandler.decide(ControlRequest(command: "reload"), context: context(harness))
            == .perform(.success("reload started: generation 1 serves until the next one is ready"), then: [.signal(.hangup)]))
        harness.handle(.signal(.terminate))
        guard case .respond(let refused) = ControlCommandHandler.decide(ControlRequest(command: "reload"), context: context(harness)) else {
            Issue.record("not refused"); return
        }
        #expect(!refused.ok)
        #expect(refused.error?.contains("stopping") == true)
    }

    @Test("stop is SIGTERM, --fast is SIGINT; a second graceful stop changes nothing")
    func stop() {
        var (harness, _) = running()
        guard case .perform(_, let graceful) = ControlCommandHandler.decide(ControlRequest(command: "stop"), context: context(harness)),
              case .perform(_, let fast) = ControlCommandHandler.decide(ControlRequest(command: "stop", fast: true), context: context(harness))
        else { Issue.record("no events"); return }
        #expect(graceful == [.signal(.terminate)])
        #expect(fast == [.signal(.interrupt)])
        harness.handle(.signal(.terminate))
        guard case .respond(let again) = ControlCommandHandler.decide(ControlRequest(command: "stop"), context: context(harness)) else {
            Issue.record("a second graceful stop must not escalate"); return
        }
        #expect(again.ok)
        guard case .perform(_, let escalate) = ControlCommandHandler.decide(ControlRequest(command: "stop", fast: true), context: context(harness)) else {
            Issue.record("no escalation"); return
        }
        #expect(escalate == [.signal(.interrupt)])
    }

    @Test("scale N becomes as many SIGTTIN or SIGTTOU as the slot count differs")
    func scale() {
        let (harness, _) = running(workers: 2)
        guard case .perform(_, let up) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: 5), context: context(harness)),
              case .perform(_, let down) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: 1), context: context(harness))
        else { Issue.record("no events"); return }
        #expect(up == Array(repeating: .signal(.ttin), count: 3))
        #expect(down == [.signal(.ttou)])
        guard case .respond(let same) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: 2), context: context(harness)) else {
            Issue.record("scaling to the same count must do nothing"); return
        }
        #expect(same.ok)
        for bad in [0, -1, ControlCommandHandler.maximumSlots + 1] {
            guard case .respond(let refused) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: bad), context: context(harness)) else {
                Issue.record("scale \(bad) accepted"); return
            }
            #expect(!refused.ok)
        }
        guard case .respond(let missing) = ControlCommandHandler.decide(ControlRequest(command: "scale"), context: context(harness)) else {
            Issue.record("scale without count accepted"); return
        }
        #expect(missing.error?.contains("count") == true)
    }

    @Test("the scale events, fed to the machine, reach the asked number of slots")
    func scaleThroughTheMachine() {
        var (harness, _) = running(workers: 1)
        guard case .perform(_, let events) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: 3), context: context(harness)) else {
            Issue.record("no events"); return
        }
        var opened: [Int] = []
        for event in events {
            for case .openListener(let slot) in harness.handle(event) { opened.append(slot) }
        }
        for slot in opened { harness.spawn(harness.handle(.listenerOpened(slot: slot))) }
        #expect(opened == [1, 2])
        #expect(harness.machine.slots.map(\.index) == [0, 1, 2])
        #expect(harness.machine.workers.count == 3)
    }

    @Test("scale is refused while a reload runs")
    func scaleDuringReload() {
        var (harness, _) = running()
        harness.handle(.signal(.hangup))
        guard case .respond(let refused) = ControlCommandHandler.decide(ControlRequest(command: "scale", count: 3), context: context(harness)) else {
            Issue.record("accepted"); return
        }
        #expect(refused.error?.contains("reloading") == true)
    }

    @Test("tree asks every worker, or the workers of one slot; an empty slot is an error")
    func tree() {
        let (harness, pids) = running()
        #expect(ControlCommandHandler.decide(ControlRequest(command: "tree"), context: context(harness))
            == .gatherSnapshots(harness.machine.workers))
        guard case .gatherSnapshots(let one) = ControlCommandHandler.decide(ControlRequest(command: "tree", worker: 1), context: context(harness)) else {
            Issue.record("no gathering"); return
        }
        #expect(one.map(\.pid) == [pids[1]])
        guard case .respond(let none) = ControlCommandHandler.decide(ControlRequest(command: "tree", worker: 7), context: context(harness)) else {
            Issue.record("slot 7 has no worker"); return
        }
        #expect(none.error == "no live worker on slot 7")
    }

    @Test("an unknown command is refused with the list of commands")
    func unknown() {
        let (harness, _) = running()
        guard case .respond(let refused) = ControlCommandHandler.decide(ControlRequest(command: "restart"), context: context(harness)) else {
            Issue.record("accepted"); return
        }
        #expect(!refused.ok)
        #expect(refused.error?.contains("status, tree, reload, stop, scale") == true)
    }

    @Test("request lines decode; bad ones get a clear error")
    func requestDecoding() throws {
        #expect(try ControlRequest.decode(line: Array(#"{"command":"scale","count":3}"#.utf8)) == ControlRequest(command: "scale", count: 3))
        let line = ControlRequest(command: "tree", worker: 2).jsonLine()
        #expect(try ControlRequest.decode(line: Array(line.utf8)) == ControlRequest(command: "tree", worker: 2))
        #expect(throws: ControlRequestError("the request has no \"command\" field")) { try ControlRequest.decode(line: Array("{}".utf8)) }
        #expect(throws: ControlRequestError.self) { try ControlRequest.decode(line: Array("status".utf8)) }
        #expect(throws: ControlRequestError.self) { try ControlRequest.decode(line: Array(#"{"command":"scale","count":"x"}"#.utf8)) }
    }
}

@Suite("Control socket peer credentials")
struct PeerCredentialPolicyTests {
    @Test("the master's own uid and root are let in; any other uid, or unknown credentials, are refused")
    func decisions() {
        let policy = PeerCredentialPolicy(masterUID: 1000)
        #expect(policy.refusal(peerUID: 1000, peerPID: 5) == nil)
        #expect(policy.refusal(peerUID: 0, peerPID: 5) == nil)
        #expect(policy.refusal(peerUID: 65534, peerPID: 5)
            == "permission denied: the control socket accepts uid 1000 and root only (peer: pid 5, uid 65534)")
        #expect(policy.refusal(peerUID: nil, peerPID: nil)?.hasPrefix("permission denied") == true)
        let rootMaster = PeerCredentialPolicy(masterUID: 0)
        #expect(rootMaster.refusal(peerUID: 0, peerPID: 1) == nil)
        #expect(rootMaster.refusal(peerUID: 1000, peerPID: 1) != nil)
    }
}

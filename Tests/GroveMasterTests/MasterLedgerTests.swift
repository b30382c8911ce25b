import Testing
@testable import GroveMaster

/// Feeds events to a harness and a ledger the way the driver does.
struct LedgerHarness {
    var harness: MasterHarness
    var ledger = MasterLedger()

    init(workers: Int) {
        harness = MasterHarness(MasterConfiguration(workers: workers))
    }

    @discardableResult
    mutating func handle(_ event: MasterEvent) -> [MasterAction] {
        ledger.willHandle(event, machine: harness.machine)
        let before = harness.machine
        let actions = harness.handle(event)
        ledger.didHandle(event, before: before, after: harness.machine)
        return actions
    }

    mutating func spawn(_ actions: [MasterAction]) -> [Int32] {
        var pids: [Int32] = []
        for case .spawnWorker(let slot, let generation) in actions {
            let pid = harness.nextPid
            harness.nextPid += 1
            handle(.workerSpawned(pid: pid, slot: slot, generation: generation))
            pids.append(pid)
        }
        return pids
    }

    mutating func ready(_ pids: [Int32]) {
        for pid in pids {
            let record = harness.machine.worker(pid: pid)!
            handle(.message(pid: pid, .ready(pid: pid, generation: record.generation, slot: record.slot)))
        }
    }
}

@Suite("Master ledger: status and master metrics bookkeeping")
struct MasterLedgerTests {
    @Test("a crash counts as a restart of its slot with its reason; a clean reload drain does not")
    func restartsAndReasons() {
        var driver = LedgerHarness(workers: 2)
        let pids = driver.spawn(driver.handle(.start))
        driver.ready(pids)
        driver.handle(.workerExited(pid: pids[1], status: .signaled(.segmentationFault, coreDumped: false)))
        #expect(driver.ledger.slots[1]?.restarts == 1)
        #expect(driver.ledger.slots[1]?.lastExitReason?.contains("crashed") == true)
        #expect(driver.ledger.exitsByKind == ["crash": 1])
        #expect(driver.ledger.slots[0] == nil)
    }

    @Test("a successful reload counts once; a refused one counts as failed")
    func reloads() {
        var driver = LedgerHarness(workers: 1)
        let first = driver.spawn(driver.handle(.start))
        driver.ready(first)
        driver.handle(.signal(.hangup))
        let second = driver.spawn(driver.handle(.configReloaded(.success(MasterConfiguration(workers: 1)))))
        #expect(driver.ledger.reloads == 0)
        driver.ready(second)
        #expect(driver.ledger.reloads == 1)
        #expect(driver.harness.machine.activeGeneration == 2)
        driver.handle(.workerExited(pid: first[0], status: .exited(code: 0)))
        #expect(driver.ledger.slots[0]?.restarts == 0)
        #expect(driver.ledger.exitsByKind == ["clean_stop": 1])
        driver.handle(.signal(.hangup))
        driver.handle(.configReloaded(.failure(ConfigError(.unreadable, file: "x", message: "gone"))))
        #expect(driver.ledger.failedReloads == 1)
        #expect(driver.ledger.reloads == 1)
    }

    @Test("a reload aborted by a failing new worker counts as failed")
    func abortedReload() {
        var driver = LedgerHarness(workers: 1)
        driver.ready(driver.spawn(driver.handle(.start)))
        driver.handle(.signal(.hangup))
        let booting = driver.spawn(driver.handle(.configReloaded(.success(MasterConfiguration(workers: 1)))))
        driver.handle(.workerExited(pid: booting[0], status: .exited(code: 3)))
        #expect(driver.ledger.failedReloads == 1)
        #expect(driver.ledger.reloads == 0)
    }

    @Test("heartbeats and metrics of live workers are kept; an exit folds the worker's metrics")
    func vitalsAndMetrics() {
        var driver = LedgerHarness(workers: 1)
        let pids = driver.spawn(driver.handle(.start))
        driver.ready(pids)
        driver.handle(.message(pid: pids[0], .heartbeat(loopLagMicros: 10, requestsServed: 4, inFlight: 1, activeConnections: 2)))
        driver.handle(.message(pid: pids[0], .metrics(sampleReport(requests: 4))))
        driver.handle(.message(pid: 999, .metrics(sampleReport(requests: 100))))
        #expect(driver.ledger.vitals[pids[0]]?.requestsServed == 4)
        #expect(driver.ledger.metrics.live.keys.sorted() == [pids[0]])
        driver.handle(.workerExited(pid: pids[0], status: .signaled(.kill, coreDumped: false)))
        #expect(driver.ledger.vitals.isEmpty)
        #expect(driver.ledger.metrics.live.isEmpty)
        #expect(driver.ledger.metrics.combined.counters.values.first == 4)
    }
}

@Suite("Tree gathering and merging")
struct SnapshotGatheringTests {
    func snapshot(active: Int, task: String?) -> String {
        let tasks = task.map { #","tasks":[{"taskName":"\#($0)","taskID":7,"ageSeconds":1.5,"scopePath":"root/apps/lab/handlers","acknowledgedGraceful":false,"shielded":false,"phase":"running"}]"# } ?? ""
        return #"{"name":"root","path":"root","policy":"supervise","phase":"running","active":0,"spawned":1,"succeeded":1,"failed":0,"cancelled":0,"stuck":0,"children":[{"name":"handlers","path":"root/handlers","policy":"supervise","phase":"graceful","active":\#(active),"spawned":3,"succeeded":2,"failed":1,"cancelled":0,"stuck":0,"drainSeconds":0.25,"children":[]\#(tasks)}]}"#
    }

    @Test("complete once every worker answered or is gone; trees are summed by scope path")
    func gatherAndMerge() throws {
        var gathering = SnapshotGathering(asked: [
            .init(pid: 10, slot: 0, generation: 1, requestID: 100),
            .init(pid: 11, slot: 1, generation: 1, requestID: 101),
            .init(pid: 12, slot: 2, generation: 1, requestID: 102),
        ])
        gathering.received(pid: 10, id: 100, json: snapshot(active: 1, task: "GET /sleep"))
        gathering.received(pid: 11, id: 999, json: snapshot(active: 5, task: nil))  // not this request
        #expect(!gathering.isComplete)
        gathering.received(pid: 11, id: 101, json: snapshot(active: 2, task: nil))
        gathering.workerGone(pid: 12)
        #expect(gathering.isComplete)
        let report = gathering.report()
        #expect(report.workers.map(\.pid) == [10, 11])
        #expect(report.missing == [MissingWorker(pid: 12, slot: 2, reason: "exited before answering")])
        let merged = try #require(report.merged)
        #expect(merged.succeeded == 2)
        #expect(merged.children.count == 1)
        #expect(merged.children[0].active == 3)
        #expect(merged.children[0].failed == 2)
        #expect(merged.children[0].phase == "graceful")
        #expect(merged.children[0].drainSeconds == 0.25)
        #expect(merged.children[0].tasks == [ScopeTask(taskName: "GET /sleep", taskID: 7, ageSeconds: 1.5, worker: 10)])
    }

    @Test("at the timeout, silent workers and unreadable trees are named")
    func timeout() {
        var gathering = SnapshotGathering(asked: [
            .init(pid: 10, slot: 0, generation: 1, requestID: 1),
            .init(pid: 11, slot: 1, generation: 2, requestID: 2),
        ])
        gathering.received(pid: 10, id: 1, json: "not json")
        #expect(!gathering.isComplete)
        let report = gathering.report()
        #expect(report.workers.isEmpty)
        #expect(report.merged == nil)
        #expect(report.missing.map(\.pid) == [10, 11])
        #expect(report.missing[0].reason.hasPrefix("sent an unreadable tree"))
        #expect(report.missing[1].reason == "did not answer in time")
    }
}

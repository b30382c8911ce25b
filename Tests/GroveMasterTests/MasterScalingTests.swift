import Testing
@testable import GroveMaster

@Suite("Master: scaling, recycling, upgrade")
struct MasterScalingTests {
    @Test("SIGTTIN opens the new slot's listener, then spawns its worker")
    func scaleUp() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        _ = harness.boot()
        #expect(harness.handle(.signal(.ttin)).effects == [.openListener(slot: 1)])
        #expect(harness.machine.slots.map(\.state) == [.serving, .opening])
        let opened = harness.handle(.listenerOpened(slot: 1))
        #expect(opened.effects == [.spawnWorker(slot: 1, generation: 1)])
        harness.ready(harness.spawn(opened))
        #expect(harness.readyServing().keys.sorted() == [0, 1])
    }

    @Test("SIGTTIN whose listener cannot be bound leaves the slot count unchanged")
    func scaleUpFailure() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        _ = harness.boot()
        harness.handle(.signal(.ttin))
        let failed = harness.handle(.listenerOpenFailed(slot: 1, message: "EADDRINUSE"))
        #expect(failed.effects.isEmpty)
        #expect(failed.logs(.error) == ["SIGTTIN: binding the listener of slot 1 failed: EADDRINUSE"])
        #expect(harness.machine.slots.count == 1)
    }

    @Test("SIGTTIN with a shared listener spawns at once")
    func scaleUpShared() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, listenerLayout: .shared))
        _ = harness.boot()
        #expect(harness.handle(.signal(.ttin)).effects == [.spawnWorker(slot: 1, generation: 1)])
    }

    @Test("SIGTTOU drains the highest slot's worker; the slot goes when it exits; never below one worker")
    func scaleDown() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        let retire = harness.handle(.signal(.ttou))
        #expect(retire.effects == [
            .send(pid: pids[1], .stopAccepting),
            .closeListener(slot: 1),
            .send(pid: pids[1], gracefulStop(at: harness, reason: .scaleDown)),
        ])
        #expect(harness.machine.slots.map(\.state) == [.serving, .retiring])
        let refused = harness.handle(.signal(.ttou))
        #expect(refused.effects.isEmpty)
        #expect(refused.logs(.warning) == ["ignoring SIGTTOU: at least one worker must remain"])
        let exited = harness.exit(pids[1])
        #expect(exited.effects.isEmpty, "a scaled-down worker is not replaced")
        #expect(harness.machine.slots.map(\.index) == [0])
        // The freed index is reused by the next SIGTTIN.
        #expect(harness.handle(.signal(.ttin)).effects == [.openListener(slot: 1)])
    }

    @Test("recycling: after its quota (+ deterministic jitter) a successor boots, then the worker drains")
    func recycling() {
        let policy = RecyclingPolicy(maximumRequests: 1000, maximumJitter: 50, seed: 42)
        var harness = MasterHarness(MasterConfiguration(workers: 1, recycling: policy))
        let pid = harness.boot()[0]
        let limit = harness.machine.worker(pid: pid)!.requestLimit!
        #expect((1000...1050).contains(limit))
        var expectedJitter = JitterGenerator(seed: 42)
        #expect(limit == 1000 + expectedJitter.next(upTo: 50))
        #expect(harness.heartbeat(pid, served: limit - 1).effects.isEmpty)
        let quota = harness.heartbeat(pid, served: limit)
        #expect(quota.effects == [.spawnWorker(slot: 0, generation: 1)])
        #expect(harness.heartbeat(pid, served: limit + 5).effects.isEmpty, "one successor at a time")
        let successor = harness.spawn(quota)
        #expect(harness.machine.worker(pid: successor[0])?.role == .successor(of: pid))
        let handover = harness.ready(successor)
        #expect(handover.effects == [.send(pid: pid, gracefulStop(at: harness, reason: .recycle))])
        #expect(harness.machine.worker(pid: successor[0])?.role == .primary)
        #expect(harness.exit(pid).effects.isEmpty)
        #expect(harness.readyServing() == [0: successor])
    }

    @Test("recycling: if the old worker crashes while its successor boots, the successor takes the slot")
    func recyclingPredecessorCrash() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, recycling: RecyclingPolicy(maximumRequests: 10)))
        let pid = harness.boot()[0]
        let successor = harness.spawn(harness.heartbeat(pid, served: 10))
        #expect(harness.exit(pid, .signaled(.segmentationFault, coreDumped: false)).effects.isEmpty)
        #expect(harness.ready(successor).effects.isEmpty)
        #expect(harness.readyServing() == [0: successor])
    }

    @Test("SIGUSR2 upgrade success: the old master drains its workers and exits 0, leaving the pid file")
    func upgradeSuccess() throws {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pid = harness.boot()[0]
        #expect(harness.handle(.signal(.user2)).effects == [.execNewBinary])
        #expect(harness.machine.state == .upgrading(since: harness.now))
        // Still supervising while the new binary boots.
        let replaced = harness.spawn(harness.exit(pid, .signaled(.segmentationFault, coreDumped: false)))
        harness.ready(replaced)
        let handover = harness.handle(.upgradeChildReady)
        #expect(handover.effects == [.closeListener(slot: 0), .send(pid: replaced[0], gracefulStop(at: harness, reason: .upgrade))])
        let done = harness.exit(replaced[0])
        #expect(!done.effects.contains(.removePidFile))
        let exit = try #require(done.exitAction)
        #expect(exit.code == 0)
        #expect(exit.summary.cause == .upgradeHandover)
    }

    @Test("SIGUSR2 upgrade failure: log, rewrite the pid file, keep serving")
    func upgradeFailure() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pid = harness.boot()[0]
        harness.handle(.signal(.user2))
        let failed = harness.handle(.upgradeChildFailed(message: "exec: permission denied"))
        #expect(failed.effects == [.writePidFile])
        #expect(failed.logs(.error) == ["binary upgrade failed: exec: permission denied; this master keeps serving"])
        #expect(harness.machine.state == .running)
        #expect(harness.readyServing() == [0: [pid]])
    }

    @Test("SIGUSR2 upgrade whose new master never gets ready is abandoned at the timeout")
    func upgradeTimeout() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, heartbeatTimeout: .seconds(100), upgradeTimeout: .seconds(60)))
        _ = harness.boot()
        let started = harness.handle(.signal(.user2))
        #expect(started.scheduledTicks == [harness.instant(60)])
        #expect(harness.tick(at: 59).effects.isEmpty)
        #expect(harness.tick(at: 60).effects == [.abortUpgrade, .writePidFile])
        #expect(harness.machine.state == .running)
        #expect(harness.handle(.upgradeChildFailed(message: "killed")).effects.isEmpty)
    }
}

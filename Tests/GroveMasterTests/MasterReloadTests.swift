import Testing
@testable import GroveMaster

@Suite("Master: SIGHUP reload")
struct MasterReloadTests {
    @Test("reload: new generation on every slot, old drained only once all new are ready, never a slot without a ready worker")
    func reloadSuccess() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let old = harness.boot()
        #expect(harness.handle(.signal(.hangup)).effects == [.reloadConfig])
        #expect(harness.machine.state == .reloading(.readingConfiguration(queued: false)))
        let newConfiguration = MasterConfiguration(workers: 2, gracefulTimeout: .seconds(20))
        let spawned = harness.handle(.configReloaded(.success(newConfiguration)))
        #expect(spawned.effects == [.spawnWorker(slot: 0, generation: 2), .spawnWorker(slot: 1, generation: 2)])
        let new = harness.spawn(spawned)
        #expect(harness.readyServing() == [0: [old[0]], 1: [old[1]]])
        harness.seconds = 1
        let firstReady = harness.ready([new[0]])
        #expect(firstReady.effects.isEmpty, "the old generation must keep serving until every new worker is ready")
        #expect(harness.readyServing() == [0: [old[0], new[0]].sorted(), 1: [old[1]]])
        let secondReady = harness.ready([new[1]])
        #expect(secondReady.effects == [
            .send(pid: old[0], gracefulStop(at: harness, timeout: 20, reason: .reload)),
            .send(pid: old[1], gracefulStop(at: harness, timeout: 20, reason: .reload)),
        ])
        #expect(harness.machine.state == .running)
        #expect(harness.machine.activeGeneration == 2)
        #expect(harness.machine.configuration.gracefulTimeout == .seconds(20))
        #expect(harness.readyServing(generation: 2) == [0: [new[0]], 1: [new[1]]])
        // The old generation exits without being replaced; no socket is closed.
        #expect(harness.exit(old[0]).effects.isEmpty)
        #expect(harness.exit(old[1]).effects.isEmpty)
        #expect(harness.machine.slots.map(\.state) == [.serving, .serving])
    }

    @Test("reload with an invalid configuration: nothing spawned, the log names file and key")
    func reloadInvalid() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        harness.handle(.signal(.hangup))
        let error = ConfigError(.invalidValue, file: "/etc/grove.toml", key: "graceful_timeout", message: "must be a positive number of seconds")
        let refused = harness.handle(.configReloaded(.failure(error)))
        #expect(refused.effects.isEmpty)
        #expect(refused.logs(.error) == [
            "reload refused, generation 1 keeps running: /etc/grove.toml: key 'graceful_timeout': must be a positive number of seconds",
        ])
        #expect(harness.machine.state == .running)
        #expect(harness.machine.workers.map(\.pid) == pids)
    }

    @Test("reload aborted when a new worker does not boot in time: the old generation keeps serving")
    func reloadBootTimeout() {
        var harness = MasterHarness(MasterConfiguration(workers: 2, bootTimeout: .seconds(10)))
        let old = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 2))
        harness.seconds = 5
        harness.ready([new[0]])
        for pid in old { _ = harness.heartbeat(pid) }
        let timeout = harness.tick(at: 10)
        #expect(timeout.effects == [
            .send(pid: new[1], .snapshotRequest(id: 1)),
            .send(pid: new[0], gracefulStop(at: harness, reason: .reloadAborted)),
        ])
        #expect(timeout.logs(.error).contains {
            $0.hasPrefix("reload to generation 2 aborted: worker \(new[1]) (slot 1, generation 2) did not report ready")
        })
        #expect(harness.machine.state == .running)
        #expect(harness.machine.activeGeneration == 1)
        #expect(harness.readyServing(generation: 1) == [0: [old[0]], 1: [old[1]]])
        // The stuck new worker is escalated and not replaced; the next reload uses generation 3.
        #expect(harness.tick(at: 11).effects == [.kill(pid: new[1], signal: .abort)])
        #expect(harness.exit(new[1], .signaled(.abort, coreDumped: true)).effects.isEmpty)
        #expect(harness.machine.restarts.consecutiveFailures(slot: 1) == 0, "an aborted generation does not feed the crash-loop count")
        #expect(harness.exit(new[0]).effects.isEmpty)
        harness.handle(.signal(.hangup))
        #expect(harness.handle(.configReloaded(.success(MasterConfiguration(workers: 2)))).effects
            == [.spawnWorker(slot: 0, generation: 3), .spawnWorker(slot: 1, generation: 3)])
    }

    @Test("reload aborted when a new worker crashes while booting; booting siblings are killed")
    func reloadCrash() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let old = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 2))
        let crash = harness.exit(new[0], .exited(code: 1))
        #expect(crash.effects == [.kill(pid: new[1], signal: .kill)])
        #expect(crash.logs(.error).first == "worker \(new[0]) (slot 0, generation 2) failed to boot: exited 1")
        #expect(harness.machine.activeGeneration == 1)
        #expect(harness.exit(new[1], .signaled(.kill, coreDumped: false)).logs(.error)
            == ["worker \(new[1]) (slot 1, generation 2) killed by SIGKILL because its reload was aborted"])
        #expect(harness.readyServing() == [0: [old[0]], 1: [old[1]]])
    }

    @Test("an old worker crashing during a reload is not replaced; an aborted reload re-staffs its slot")
    func oldCrashDuringReload() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let old = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 2))
        #expect(harness.exit(old[0], .signaled(.segmentationFault, coreDumped: false)).effects.isEmpty)
        let abort = harness.exit(new[1], .exited(code: 3))
        #expect(abort.effects == [.kill(pid: new[0], signal: .kill), .spawnWorker(slot: 0, generation: 1)])
    }

    @Test("SIGHUPs during a reload coalesce into one reload that follows it")
    func coalescing() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let old = harness.boot()
        harness.handle(.signal(.hangup))
        #expect(harness.handle(.signal(.hangup)).effects.isEmpty)
        #expect(harness.handle(.signal(.hangup)).effects.isEmpty)
        #expect(harness.machine.state == .reloading(.readingConfiguration(queued: true)))
        let new = harness.spawn(harness.handle(.configReloaded(.success(MasterConfiguration(workers: 1)))))
        #expect(harness.handle(.signal(.hangup)).logs() == ["SIGHUP coalesced with the reload already queued"])
        let committed = harness.ready(new)
        #expect(committed.effects == [.send(pid: old[0], gracefulStop(at: harness, reason: .reload)), .reloadConfig])
        #expect(harness.machine.state == .reloading(.readingConfiguration(queued: false)))
        // A failed queued reload also ends in running.
        harness.handle(.configReloaded(.failure(ConfigError(.syntax, file: "grove.toml", message: "line 3"))))
        #expect(harness.machine.state == .running)
    }

    @Test("SIGHUP while starting is ignored with a log")
    func hangupWhileStarting() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        harness.spawn(harness.handle(.start))
        let actions = harness.handle(.signal(.hangup))
        #expect(actions.effects.isEmpty)
        #expect(actions.logs(.warning) == ["ignoring SIGHUP while starting"])
    }
}

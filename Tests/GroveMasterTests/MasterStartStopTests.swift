import Testing
@testable import GroveMaster

@Suite("Master: start and stop")
struct MasterStartStopTests {
    @Test("start spawns N workers of generation 1 and runs once all are ready")
    func startToRunning() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let started = harness.handle(.start)
        #expect(started.effects == [.writePidFile, .spawnWorker(slot: 0, generation: 1), .spawnWorker(slot: 1, generation: 1)])
        let pids = harness.spawn(started)
        #expect(harness.machine.state == .starting)
        #expect(harness.machine.workers.map(\.phase) == [.booting(since: harness.now), .booting(since: harness.now)])
        harness.seconds = 0.5
        let first = harness.ready([pids[0]])
        #expect(first.effects.isEmpty)
        // Next timer: the heartbeat deadline of the first ready worker (boot deadlines were at 30 s).
        #expect(first.scheduledTicks == [harness.instant(10.5)])
        #expect(harness.machine.state == .starting)
        let second = harness.ready([pids[1]])
        #expect(harness.machine.state == .running)
        #expect(second.logs(.notice) == ["all 2 worker(s) ready: running"])
        #expect(second.scheduledTicks.isEmpty)
    }

    @Test("SIGTERM: graceful stop of all, exit 0 with a summary when every worker exits cleanly")
    func cleanStop() throws {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        harness.seconds = 5
        let stopping = harness.handle(.signal(.terminate))
        #expect(stopping.effects == [
            .closeListener(slot: 0), .closeListener(slot: 1),
            .send(pid: pids[0], gracefulStop(at: harness, reason: .shutdown)),
            .send(pid: pids[1], gracefulStop(at: harness, reason: .shutdown)),
        ])
        #expect(harness.machine.state == .stopping(StopPlan(mode: .graceful, cause: .signal(.terminate))))
        #expect(stopping.scheduledTicks == [harness.instant(36)])
        harness.handle(.message(pid: pids[0], .exiting(reason: "drained", clean: true)))
        #expect(harness.exit(pids[0]).effects.isEmpty)
        let last = harness.exit(pids[1])
        #expect(last.effects.first == .removePidFile)
        let exit = try #require(last.exitAction)
        #expect(exit.code == 0)
        #expect(exit.summary.workers.map(\.clean) == [true, true])
        #expect(exit.summary.description.contains("2 worker(s), 2 clean, 0 forced"))
        #expect(harness.machine.state == .stopped(exitCode: 0))
        #expect(harness.handle(.signal(.terminate)).effects.isEmpty)
    }

    @Test("SIGTERM with a worker that never exits: SIGKILL at deadline + margin, exit 1, forced with its stuck tasks")
    func forcedStop() throws {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        harness.handle(.signal(.terminate))
        _ = harness.exit(pids[0])
        let stuck = #"{"stuck":[{"scope":"/server/conn-7/handler","task":"slowQuery"}]}"#
        harness.handle(.message(pid: pids[1], .stuckReport(json: stuck)))
        #expect(harness.tick(at: 30.9).effects.isEmpty)
        let kill = harness.tick(at: 31)
        #expect(kill.effects == [.kill(pid: pids[1], signal: .kill)])
        #expect(kill.logs(.warning).contains("worker \(pids[1]) (slot 1, generation 1): sending SIGKILL after missing the graceful-stop deadline"))
        let last = harness.exit(pids[1], .signaled(.kill, coreDumped: false))
        let exit = try #require(last.exitAction)
        #expect(exit.code == MasterExitCode.uncleanShutdown)
        #expect(exit.summary.workers.map(\.clean) == [true, false])
        #expect(exit.summary.workers[1].reason == .killed(.kill, .stopDeadline(.graceful)))
        #expect(exit.summary.workers[1].stuckReports == [stuck])
        #expect(exit.summary.description.contains("forced - killed by SIGKILL after missing the graceful-stop deadline"))
        #expect(exit.summary.description.contains("stuck: \(stuck)"))
    }

    @Test("a second SIGTERM turns the graceful stop into a fast stop with a short deadline")
    func secondTerminateIsFast() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, fastStopTimeout: .seconds(3)))
        let pids = harness.boot()
        harness.handle(.signal(.terminate))
        harness.seconds = 2
        let fast = harness.handle(.signal(.terminate))
        #expect(fast.effects == [.send(pid: pids[0], .fastStop)])
        #expect(harness.machine.state == .stopping(StopPlan(mode: .fast, cause: .signal(.terminate))))
        #expect(fast.scheduledTicks == [harness.instant(5)])
        #expect(harness.tick(at: 5).effects == [.kill(pid: pids[0], signal: .kill)])
        #expect(harness.handle(.signal(.interrupt)).effects.isEmpty)
        let exit = harness.exit(pids[0], .signaled(.kill, coreDumped: false)).exitAction
        #expect(exit?.code == 1)
        #expect(exit?.summary.workers.first?.reason == .killed(.kill, .stopDeadline(.fast)))
    }

    @Test("SIGINT and SIGQUIT stop fast at once", arguments: [ProcessSignal.interrupt, .quit])
    func interruptIsFast(signal: ProcessSignal) {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pids = harness.boot()
        let actions = harness.handle(.signal(signal))
        #expect(actions.effects == [.closeListener(slot: 0), .send(pid: pids[0], .fastStop)])
        let exit = harness.exit(pids[0], .exited(code: 0)).exitAction
        #expect(exit?.code == 0)
        #expect(exit?.summary.workers.first?.reason.description == "exited 0 after fast stop (shutdown)")
    }

    @Test("a worker reporting an unclean drain makes the exit code non-zero")
    func uncleanReport() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pids = harness.boot()
        harness.handle(.signal(.terminate))
        harness.handle(.message(pid: pids[0], .exiting(reason: "scope /server timed out", clean: false)))
        #expect(harness.exit(pids[0]).exitAction?.code == 1)
    }

    @Test("SIGUSR1 reopens the master's and every worker's logs")
    func reopenLogs() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        #expect(harness.handle(.signal(.user1)).effects == [
            .reopenLogs, .send(pid: pids[0], .reopenLogs), .send(pid: pids[1], .reopenLogs),
        ])
    }

    @Test("events about unknown pids are ignored with a log")
    func unknownPids() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        _ = harness.boot()
        let before = harness.machine.workers
        let exit = harness.exit(999, .signaled(.segmentationFault, coreDumped: true))
        #expect(exit.effects.isEmpty)
        #expect(exit.logs(.warning) == ["ignoring an exit (SIGSEGV (core dumped)) from unknown pid 999"])
        let message = harness.heartbeat(999)
        #expect(message.effects.isEmpty)
        #expect(message.logs(.warning) == ["ignoring a control message from unknown pid 999"])
        #expect(harness.handle(.channelClosed(pid: 999)).logs() == ["ignoring a channel close from unknown pid 999"])
        #expect(harness.machine.workers == before)
    }
}

@Suite("Master: timers and edge cases")
struct MasterEdgeCaseTests {
    @Test("an early tick re-arms the pending timer instead of losing it")
    func earlyTick() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, bootTimeout: .seconds(5)))
        harness.handle(.start)
        let spawned = harness.handle(.workerSpawned(pid: 100, slot: 0, generation: 1))
        #expect(spawned.scheduledTicks == [harness.instant(5)])
        let early = harness.tick(at: 4.999)
        #expect(early.effects.isEmpty)
        #expect(early.scheduledTicks == [harness.instant(5)])
    }

    @Test("SIGTERM before start exits 0 at once without touching a pid file it never wrote")
    func stopBeforeStart() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let actions = harness.handle(.signal(.terminate))
        #expect(actions.effects == [.exit(code: 0, summary: ShutdownSummary(cause: .signal(.terminate), workers: [], exitCode: 0))])
    }

    @Test("a worker spawned after the stop began is stopped at once, and the master waits for it")
    func spawnDuringStop() throws {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pid = harness.boot()[0]
        let respawn = harness.exit(pid, .signaled(.segmentationFault, coreDumped: false))
        #expect(harness.handle(.signal(.terminate)).exitAction == nil, "a spawn is still pending")
        let late = harness.spawn(respawn)
        #expect(harness.machine.worker(pid: late[0])?.stopRequest == StopRequest(mode: .graceful, cause: .shutdown))
        let exit = try #require(harness.exit(late[0]).exitAction)
        #expect(exit.code == 0)
    }

    @Test("scaling and upgrade signals are refused outside running", arguments: [ProcessSignal.ttin, .ttou, .user2])
    func refusedOutsideRunning(signal: ProcessSignal) {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        harness.spawn(harness.handle(.start))
        let actions = harness.handle(.signal(signal))
        #expect(actions.effects.isEmpty)
        #expect(actions.logs(.warning).first?.hasPrefix("ignoring \(signal.name) while starting") == true)
    }

    @Test("counters, unrequested snapshots and channel closes change nothing")
    func passiveMessages() {
        var harness = MasterHarness(MasterConfiguration(workers: 1))
        let pid = harness.boot()[0]
        let before = harness.machine.workers
        #expect(harness.handle(.message(pid: pid, .counters([WorkerCounter(name: "requests", value: 3)]))).isEmpty)
        #expect(harness.handle(.message(pid: pid, .snapshot(id: 77, json: "{}"))).effects.isEmpty)
        #expect(harness.handle(.channelClosed(pid: pid)).effects.isEmpty)
        #expect(harness.machine.workers == before)
    }
}

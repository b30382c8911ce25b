import Testing
@testable import GroveMaster

@Suite("Master: supervision")
struct MasterSupervisionTests {
    @Test("a crashed worker is logged with its reason and replaced at once on its slot")
    func crashRespawn() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let pids = harness.boot()
        harness.seconds = 3
        let crash = harness.exit(pids[1], .signaled(.segmentationFault, coreDumped: true))
        #expect(crash.effects == [.spawnWorker(slot: 1, generation: 1)])
        #expect(crash.logs(.error) == ["worker \(pids[1]) (slot 1, generation 1) crashed: SIGSEGV (core dumped)"])
        let replacement = harness.spawn(crash)
        harness.ready(replacement)
        #expect(harness.readyServing() == [0: [pids[0]], 1: replacement])
    }

    @Test("repeated failures back off: replacement scheduled, spawned by the tick at the backoff instant")
    func backoffInMachine() {
        let backoff = RestartBackoff(initialDelay: .seconds(2), maximumDelay: .seconds(30), multiplier: 2, stablePeriod: .seconds(60))
        var harness = MasterHarness(MasterConfiguration(workers: 1, restartBackoff: backoff))
        var pid = harness.boot()[0]
        var delays: [Double] = []
        for round in 0..<4 {
            harness.seconds = Double(round * 100)
            let crash = harness.exit(pid, .signaled(.illegalInstruction, coreDumped: false))
            // A worker that lived less than the stable period keeps the streak going.
            if crash.effects.isEmpty {
                let at = crash.scheduledTicks.last!
                delays.append(Double(at.nanoseconds) / 1e9 - harness.seconds)
                #expect(harness.tick(at: Double(at.nanoseconds) / 1e9 - 0.001).effects.isEmpty)
                pid = harness.spawn(harness.tick(at: Double(at.nanoseconds) / 1e9))[0]
            } else {
                delays.append(0)
                pid = harness.spawn(crash)[0]
            }
            harness.ready([pid])
            harness.seconds += 30
            _ = harness.heartbeat(pid)
        }
        #expect(delays == [0, 0, 0, 0], "each worker lived > 60 s: no backoff")
        // Now fail quickly.
        var quick: [Bool] = []
        for _ in 0..<3 {
            let crash = harness.exit(pid, .exited(code: 1))
            quick.append(crash.effects.isEmpty)
            if let at = crash.scheduledTicks.last, crash.effects.isEmpty {
                pid = harness.spawn(harness.tick(at: Double(at.nanoseconds) / 1e9))[0]
            } else {
                pid = harness.spawn(crash)[0]
            }
            harness.ready([pid])
        }
        #expect(quick == [true, true, true], "streak continues (uptime < stable period): backoff")
        #expect(harness.machine.slots.map(\.state) == [.serving])
    }

    @Test("more than N failures in the window: everything stops, exit non-zero naming count and window")
    func crashLoop() throws {
        let limit = CrashLoopLimit(maximumFailures: 2, window: .seconds(30))
        var harness = MasterHarness(MasterConfiguration(workers: 2, restartBackoff: RestartBackoff(initialDelay: .zero), crashLoop: limit))
        var pids = harness.boot()
        pids[0] = harness.spawn(harness.exit(pids[0], .exited(code: 1)))[0]
        pids[0] = harness.spawn(harness.exit(pids[0], .exited(code: 1)))[0]
        let giveUp = harness.exit(pids[0], .exited(code: 1))
        #expect(giveUp.logs(.critical) == [
            "3 unexpected worker exits within 30.0 s (limit 2); giving up so the service manager can take over",
        ])
        #expect(giveUp.effects == [
            .closeListener(slot: 0), .closeListener(slot: 1),
            .send(pid: pids[1], gracefulStop(at: harness, reason: .shutdown)),
        ])
        let exit = try #require(harness.exit(pids[1]).exitAction)
        #expect(exit.code == MasterExitCode.crashLoop)
        #expect(exit.summary.description.contains("crash loop: 3 unexpected worker exits within 30.0 s"))
    }

    @Test("missing heartbeats: stuck report requested, then SIGABRT, then SIGKILL, logged apart, then replaced")
    func heartbeatEscalation() {
        var harness = MasterHarness(MasterConfiguration(
            workers: 1,
            heartbeatTimeout: .seconds(10),
            escalation: KillEscalation(snapshotGrace: .seconds(1), abortGrace: .seconds(2))
        ))
        let pid = harness.boot()[0]
        harness.seconds = 0.2
        _ = harness.heartbeat(pid)
        #expect(harness.tick(at: 10.1).effects.isEmpty)
        let suspect = harness.tick(at: 10.4)
        #expect(suspect.effects == [.send(pid: pid, .snapshotRequest(id: 1))])
        #expect(suspect.scheduledTicks == [harness.instant(11.4)])
        let stuck = #"{"blocked":"/server/conn-3/handler"}"#
        let report = harness.handle(.message(pid: pid, .snapshot(id: 1, json: stuck)))
        #expect(report.logs(.warning) == ["worker \(pid) (slot 0, generation 1) stuck report: \(stuck)"])
        #expect(harness.tick(at: 11.4).effects == [.kill(pid: pid, signal: .abort)])
        #expect(harness.tick(at: 13.4).effects == [.kill(pid: pid, signal: .kill)])
        #expect(harness.tick(at: 20).effects.isEmpty)
        let exit = harness.exit(pid, .signaled(.kill, coreDumped: false))
        #expect(exit.logs(.error).first == "worker \(pid) (slot 0, generation 1) killed by SIGKILL after missing heartbeats for 10.2 s")
        #expect(exit.effects == [.spawnWorker(slot: 0, generation: 1)])
    }

    @Test("a heartbeat reporting loop lag above the limit starts the escalation at once")
    func loopLag() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, loopLagTimeout: .seconds(5)))
        let pid = harness.boot()[0]
        #expect(harness.heartbeat(pid, lagMicros: 4_900_000).effects.isEmpty)
        let lagging = harness.heartbeat(pid, lagMicros: 7_500_000)
        #expect(lagging.effects == [.send(pid: pid, .snapshotRequest(id: 1))])
        #expect(harness.machine.worker(pid: pid)?.phase == .unresponsive(
            reason: .loopLag(lag: .milliseconds(7500), limit: .seconds(5)), since: harness.now
        ))
        harness.tick(at: 1)
        let exit = harness.exit(pid, .signaled(.abort, coreDumped: true))
        #expect(exit.logs(.error).first == "worker \(pid) (slot 0, generation 1) killed by SIGABRT after an event-loop lag of 7.5 s (limit 5.0 s)")
    }

    @Test("a worker that never reports ready is escalated with reason bootTimeout and replaced")
    func bootTimeout() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, bootTimeout: .seconds(5)))
        let pid = harness.spawn(harness.handle(.start))[0]
        #expect(harness.tick(at: 5).effects == [.send(pid: pid, .snapshotRequest(id: 1))])
        harness.tick(at: 6)
        let replaced = harness.exit(pid, .signaled(.abort, coreDumped: false))
        #expect(replaced.logs(.error).first == "worker \(pid) (slot 0, generation 1) killed by SIGABRT after not reporting ready within 5.0 s")
        #expect(replaced.effects == [.spawnWorker(slot: 0, generation: 1)])
        #expect(harness.machine.state == .starting)
        harness.ready(harness.spawn(replaced))
        #expect(harness.machine.state == .running)
    }

    @Test("a spawn failure is a failure of the slot: retried with backoff")
    func spawnFailure() {
        var harness = MasterHarness(MasterConfiguration(workers: 1, restartBackoff: RestartBackoff(initialDelay: .seconds(1))))
        harness.handle(.start)
        let first = harness.handle(.spawnFailed(slot: 0, generation: 1, message: "EAGAIN"))
        #expect(first.effects == [.spawnWorker(slot: 0, generation: 1)])
        let second = harness.handle(.spawnFailed(slot: 0, generation: 1, message: "EAGAIN"))
        #expect(second.effects.isEmpty)
        #expect(harness.machine.slots.map(\.state) == [.awaitingRespawn(at: harness.instant(1))])
        #expect(harness.tick(at: 1).effects == [.spawnWorker(slot: 0, generation: 1)])
    }
}

import Testing
@testable import GroveMaster

@Suite("Worker exit classification")
struct ExitReasonTests {
    let shutdown = StopRequest(mode: .graceful, cause: .shutdown)

    @Test("exit 0 after a graceful stop is clean")
    func cleanStop() {
        let reason = ExitReason.classify(.exited(code: 0), context: ExitContext(wasReady: true, stopRequest: shutdown, reportedClean: true))
        #expect(reason == .stopped(code: 0, request: shutdown, clean: true))
        #expect(reason.description == "exited 0 after graceful stop (shutdown)")
        #expect(reason.isCleanStop)
    }

    @Test("exit 0 with an unclean drain report is not clean")
    func uncleanReport() {
        let reason = ExitReason.classify(.exited(code: 0), context: ExitContext(wasReady: true, stopRequest: shutdown, reportedClean: false))
        #expect(!reason.isCleanStop)
        #expect(reason.kind == .uncleanStop)
        #expect(reason.description == "exited 0 after graceful stop (shutdown) but reported an unclean drain")
    }

    @Test("a signal the master sent is a kill with its reason")
    func killedForHeartbeat() {
        let context = ExitContext(
            wasReady: true,
            killReason: .heartbeatTimeout(silentFor: .milliseconds(10_240)),
            killSignals: [.abort, .kill]
        )
        let reason = ExitReason.classify(.signaled(.kill, coreDumped: false), context: context)
        #expect(reason.description == "killed by SIGKILL after missing heartbeats for 10.2 s")
        #expect(reason.kind == .killedByMaster)
        let aborted = ExitReason.classify(.signaled(.abort, coreDumped: true), context: context)
        #expect(aborted == .killed(.abort, .heartbeatTimeout(silentFor: .milliseconds(10_240))))
    }

    @Test("fault signals are crashes, SIGILL/SIGTRAP are Swift traps, others are external")
    func signals() {
        let ready = ExitContext(wasReady: true)
        #expect(ExitReason.classify(.signaled(.segmentationFault, coreDumped: true), context: ready).description == "crashed: SIGSEGV (core dumped)")
        #expect(ExitReason.classify(.signaled(.abort, coreDumped: false), context: ready).kind == .crash)
        #expect(ExitReason.classify(.signaled(.illegalInstruction, coreDumped: false), context: ready).description == "trapped: SIGILL")
        #expect(ExitReason.classify(.signaled(.trap, coreDumped: false), context: ready) == .trapped(.trap, coreDumped: false))
        #expect(ExitReason.classify(.signaled(.kill, coreDumped: false), context: ready).description == "killed by SIGKILL (not sent by the master)")
        #expect(ExitReason.classify(.exited(code: 3), context: ready).description == "exited 3 unexpectedly")
    }

    @Test("dying before ready is a boot failure")
    func bootFailure() {
        let booting = ExitContext(wasReady: false)
        let exited = ExitReason.classify(.exited(code: 1), context: booting)
        #expect(exited.description == "failed to boot: exited 1")
        #expect(exited.kind == .bootFailure)
        let trapped = ExitReason.classify(.signaled(.illegalInstruction, coreDumped: true), context: booting)
        #expect(trapped.description == "failed to boot: trapped: SIGILL (core dumped)")
        let timedOut = ExitReason.classify(
            .signaled(.kill, coreDumped: false),
            context: ExitContext(wasReady: false, killReason: .bootTimeout(limit: .seconds(30)), killSignals: [.kill])
        )
        #expect(timedOut.description == "killed by SIGKILL after not reporting ready within 30.0 s")
    }

    @Test("status from decoded values and from a raw wait status")
    func statusDecoding() {
        #expect(WorkerExitStatus(exitCode: 2, signal: nil, coreDumped: false) == .exited(code: 2))
        #expect(WorkerExitStatus(exitCode: nil, signal: 11, coreDumped: true) == .signaled(ProcessSignal(rawValue: 11), coreDumped: true))
        #expect(WorkerExitStatus(waitStatus: 0x0100) == .exited(code: 1))
        #expect(WorkerExitStatus(waitStatus: 0x0089) == .signaled(.kill, coreDumped: true))
        #expect(WorkerExitStatus(waitStatus: 0x137F) == nil)
    }
}

@Suite("Restart policy")
struct RestartPolicyTests {
    let start = MonotonicInstant(nanoseconds: 0)

    @Test("first failure restarts at once, then the delay doubles up to the maximum")
    func backoffGrows() {
        var tracker = RestartTracker(
            backoff: RestartBackoff(initialDelay: .seconds(1), maximumDelay: .seconds(5), multiplier: 2, stablePeriod: .seconds(60)),
            crashLoop: CrashLoopLimit(maximumFailures: 100, window: .seconds(60))
        )
        let delays = (0..<6).map { index in
            tracker.recordFailure(slot: 0, uptime: .seconds(1), at: start + .seconds(index))
        }
        #expect(delays == [0, 1, 2, 4, 5, 5].map { RestartDecision.restart(after: .seconds($0)) })
        #expect(tracker.recordFailure(slot: 1, uptime: .seconds(1), at: start + .seconds(7)) == .restart(after: .zero))
    }

    @Test("a worker that lived through the stable period resets the streak")
    func backoffResets() {
        var tracker = RestartTracker(backoff: RestartBackoff(initialDelay: .seconds(1)), crashLoop: CrashLoopLimit(maximumFailures: 100))
        _ = tracker.recordFailure(slot: 0, uptime: .seconds(1), at: start)
        #expect(tracker.recordFailure(slot: 0, uptime: .seconds(1), at: start + .seconds(1)) == .restart(after: .seconds(1)))
        #expect(tracker.recordFailure(slot: 0, uptime: .seconds(60), at: start + .seconds(62)) == .restart(after: .zero))
        #expect(tracker.consecutiveFailures(slot: 0) == 1)
    }

    @Test("more than N failures inside the window gives up; older ones slide out")
    func crashLoop() {
        var tracker = RestartTracker(backoff: RestartBackoff(), crashLoop: CrashLoopLimit(maximumFailures: 3, window: .seconds(10)))
        for second in [0, 5, 9] {
            #expect(tracker.recordFailure(slot: 0, uptime: .zero, at: start + .seconds(second)) != .giveUp(failures: 4, window: .seconds(10)))
        }
        #expect(tracker.recordFailure(slot: 1, uptime: .zero, at: start + .seconds(11)) == .restart(after: .zero))
        #expect(tracker.recordFailure(slot: 1, uptime: .zero, at: start + .seconds(12)) == .giveUp(failures: 4, window: .seconds(10)))
    }

    @Test("durations print as seconds without Foundation")
    func durationText() {
        #expect(Duration.milliseconds(10_249).secondsText() == "10.2 s")
        #expect(Duration.milliseconds(950).secondsText() == "1.0 s")
        #expect(Duration.seconds(30).secondsText(decimals: 0) == "30 s")
    }
}

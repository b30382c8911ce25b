import GroveMaster
import Testing
@testable import Grove

@Suite("sd_notify: which message on which master state")
struct SystemdNotifyPolicyTests {
    var policy = SystemdNotifyPolicy()

    mutating func observe(_ state: MasterState, generation: Int = 1, upgradePID: Int32? = nil, at micros: UInt64 = 42) -> [String] {
        policy.observe(.init(state: state, workers: 4, generation: generation, upgradePID: upgradePID,
                             monotonicMicroseconds: micros))
    }

    @Test("start, reload, stop: READY, RELOADING with MONOTONIC_USEC, READY, STOPPING")
    mutating func lifecycle() {
        #expect(observe(.starting) == [])
        #expect(observe(.starting) == [])
        #expect(observe(.running) == ["READY=1", "STATUS=4 worker(s), generation 1"])
        #expect(observe(.running) == [], "no repeat while nothing changes")
        let reloading = observe(.reloading(.readingConfiguration(queued: false)), at: 123_456_789)
        #expect(reloading.prefix(2) == ["RELOADING=1", "MONOTONIC_USEC=123456789"])
        #expect(reloading.last?.hasPrefix("STATUS=reloading") == true)
        // A new phase of the same reload is not a new reload.
        let booting = MasterState.reloading(.bootingGeneration(generation: 2, configuration: MasterConfiguration(workers: 4), queued: false))
        #expect(observe(booting) == [])
        #expect(observe(.running, generation: 2) == ["READY=1", "STATUS=4 worker(s), generation 2"])
        let stopping = observe(.stopping(StopPlan(mode: .graceful, cause: .signal(.terminate))), generation: 2)
        #expect(stopping.first == "STOPPING=1")
        #expect(stopping.last?.contains("graceful stop of 4 worker(s)") == true)
        #expect(observe(.stopped(exitCode: 0)) == [])
    }

    @Test("a refused reload still ends with READY=1 (systemd waits for it)")
    mutating func refusedReload() {
        _ = observe(.running)
        #expect(observe(.reloading(.readingConfiguration(queued: false))).first == "RELOADING=1")
        #expect(observe(.running).first == "READY=1")
    }

    @Test("binary upgrade: STATUS only; a failed one goes back without READY; a handover names the new MAINPID, then silence")
    mutating func upgrade() {
        _ = observe(.running)
        let upgrading = observe(.upgrading(since: MonotonicInstant(nanoseconds: 0)), upgradePID: 999)
        #expect(upgrading.count == 1 && upgrading[0].hasPrefix("STATUS=binary upgrade"))
        let failed = observe(.running)
        #expect(failed.count == 1 && failed[0].hasPrefix("STATUS=") && failed[0].contains("failed"))
        _ = observe(.upgrading(since: MonotonicInstant(nanoseconds: 0)), upgradePID: 1000)
        let handover = observe(.stopping(StopPlan(mode: .graceful, cause: .upgradeHandover)), upgradePID: 1000)
        #expect(handover == ["MAINPID=1000", "STATUS=handed over to the upgraded master 1000"])
        #expect(policy.handedOver)
        #expect(observe(.stopped(exitCode: 0)) == [])
    }

    @Test("a stop during start-up still says STOPPING=1")
    mutating func stopWhileStarting() {
        _ = observe(.starting)
        #expect(observe(.stopping(StopPlan(mode: .fast, cause: .signal(.interrupt)))).first == "STOPPING=1")
    }
}

@Suite("systemd watchdog interval")
struct SystemdWatchdogTests {
    @Test("half of WATCHDOG_USEC when WATCHDOG_PID is unset or ours")
    func interval() {
        #expect(SystemdWatchdog.pingInterval(environment: ["WATCHDOG_USEC": "2000000"], pid: 10, parentPID: 1,
                                             isUpgradeChild: false) == .seconds(1))
        #expect(SystemdWatchdog.pingInterval(environment: ["WATCHDOG_USEC": "500000", "WATCHDOG_PID": "10"], pid: 10,
                                             parentPID: 1, isUpgradeChild: false) == .milliseconds(250))
    }

    @Test("no pings without WATCHDOG_USEC, for another pid, or with garbage")
    func noInterval() {
        #expect(SystemdWatchdog.pingInterval(environment: [:], pid: 10, parentPID: 1, isUpgradeChild: false) == nil)
        #expect(SystemdWatchdog.pingInterval(environment: ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "11"], pid: 10,
                                             parentPID: 1, isUpgradeChild: false) == nil)
        #expect(SystemdWatchdog.pingInterval(environment: ["WATCHDOG_USEC": "soon"], pid: 10, parentPID: 1,
                                             isUpgradeChild: false) == nil)
        #expect(SystemdWatchdog.pingInterval(environment: ["WATCHDOG_USEC": "0"], pid: 10, parentPID: 1,
                                             isUpgradeChild: false) == nil)
    }

    @Test("an upgrade's new master takes over its parent's watchdog")
    func upgradeChild() {
        let environment = ["WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "7"]
        #expect(SystemdWatchdog.pingInterval(environment: environment, pid: 10, parentPID: 7, isUpgradeChild: true) == .milliseconds(500))
        #expect(SystemdWatchdog.pingInterval(environment: environment, pid: 10, parentPID: 7, isUpgradeChild: false) == nil)
    }
}

@Suite("drain delay policy")
struct DrainDelayPolicyTests {
    @Test("only a shutdown of the instance waits out the drain delay")
    func onlyShutdown() {
        let configured = Duration.seconds(5)
        #expect(DrainDelayPolicy.delay(forMasterStopReason: StopCause.shutdown.description, configured: configured) == configured)
        for cause in [StopCause.reload, .reloadAborted, .scaleDown, .recycle, .upgrade] {
            #expect(DrainDelayPolicy.delay(forMasterStopReason: cause.description, configured: configured) == .zero, "\(cause)")
        }
    }
}

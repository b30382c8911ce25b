import Testing
@testable import TaskScopes

@Suite struct ShutdownMachineTests {
    @Test func fullSequenceWithChildren() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(10), forcedTimeout: .seconds(5))
        #expect(machine.start(now: .seconds(100), parentDeadline: nil, hasChildren: true)
                == .drainChildren(deadline: .seconds(115)))
        #expect(machine.childrenDrained(now: .seconds(100)) == .signalGraceful(until: .seconds(110)))
        #expect(machine.gracefulWaitEnded(now: .seconds(111), idle: false) == .cancelTasks(until: .seconds(115)))
        #expect(machine.forcedWaitEnded(idle: false) == .abandonStuck)
        #expect(machine.stuckRecorded() == .finish)
        #expect(machine.phaseReached == .forced)
        #expect(machine.forcedBudget == .seconds(4))
    }

    @Test func noChildrenAndEveryoneLeavesGracefully() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(10), forcedTimeout: .seconds(5))
        #expect(machine.start(now: .zero, parentDeadline: nil, hasChildren: false) == .signalGraceful(until: .seconds(10)))
        #expect(machine.gracefulWaitEnded(now: .seconds(3), idle: true) == .finish)
        #expect(machine.phaseReached == .graceful)
    }

    @Test func tightParentDeadlineShrinksBothPhasesInProportion() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(30), forcedTimeout: .seconds(10))
        #expect(machine.start(now: .zero, parentDeadline: .seconds(8), hasChildren: false) == .signalGraceful(until: .seconds(6)))
        #expect(machine.gracefulBudget == .seconds(6))
        #expect(machine.gracefulWaitEnded(now: .seconds(6), idle: false) == .cancelTasks(until: .seconds(8)))
    }

    @Test func childrenUsingTheBudgetLeaveTheForcedShareForOwnTasks() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(3), forcedTimeout: .seconds(1))
        #expect(machine.start(now: .zero, parentDeadline: nil, hasChildren: true) == .drainChildren(deadline: .seconds(4)))
        // Children took 2 s of the 4: own tasks get 2 s split 3:1.
        #expect(machine.childrenDrained(now: .seconds(2)) == .signalGraceful(until: .milliseconds(3500)))
        #expect(machine.gracefulWaitEnded(now: .milliseconds(3500), idle: false) == .cancelTasks(until: .seconds(4)))
    }

    @Test func passedDeadlineGivesZeroBudgets() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(3), forcedTimeout: .seconds(1))
        #expect(machine.start(now: .seconds(10), parentDeadline: .seconds(5), hasChildren: false) == .signalGraceful(until: .seconds(10)))
        #expect(machine.gracefulWaitEnded(now: .seconds(10), idle: false) == .cancelTasks(until: .seconds(10)))
        #expect(machine.forcedWaitEnded(idle: true) == .finish)
    }

    @Test func eventsOutOfOrderFinish() {
        var machine = ScopeShutdownMachine(gracefulTimeout: .seconds(3), forcedTimeout: .seconds(1))
        #expect(machine.childrenDrained(now: .zero) == .finish)
        #expect(machine.forcedWaitEnded(idle: false) == .finish)
    }
}

@Suite struct RestartTrackerTests {
    @Test func permanentRestartsWithExponentialBackoffThenEscalates() {
        var tracker = RestartTracker(policy: .permanent, intensity: RestartIntensity(maxRestarts: 3, period: .seconds(10)),
                                     backoff: Backoff(initial: .seconds(1), maximum: .seconds(3), multiplier: 2))
        #expect(tracker.decide(after: .failed, now: .seconds(0), stopping: false) == .restart(after: .seconds(1)))
        #expect(tracker.decide(after: .returned, now: .seconds(1), stopping: false) == .restart(after: .seconds(2)))
        #expect(tracker.decide(after: .failed, now: .seconds(3), stopping: false) == .restart(after: .seconds(3)))
        #expect(tracker.decide(after: .failed, now: .seconds(6), stopping: false) == .escalate(restartsInPeriod: 4))
    }

    @Test func restartsOutsideThePeriodAreForgotten() {
        var tracker = RestartTracker(policy: .permanent, intensity: RestartIntensity(maxRestarts: 1, period: .seconds(10)),
                                     backoff: .none)
        #expect(tracker.decide(after: .failed, now: .seconds(0), stopping: false) == .restart(after: .zero))
        #expect(tracker.decide(after: .failed, now: .seconds(10), stopping: false) == .restart(after: .zero))
        #expect(tracker.decide(after: .failed, now: .seconds(11), stopping: false) == .escalate(restartsInPeriod: 2))
    }

    @Test func transientAndTemporaryPolicies() {
        var transient = RestartTracker(policy: .transient, intensity: RestartIntensity(), backoff: .none)
        #expect(transient.decide(after: .returned, now: .zero, stopping: false) == .stop)
        #expect(transient.decide(after: .failed, now: .zero, stopping: false) == .restart(after: .zero))
        var temporary = RestartTracker(policy: .temporary, intensity: RestartIntensity(), backoff: .none)
        #expect(temporary.decide(after: .failed, now: .zero, stopping: false) == .stop)
        var permanent = RestartTracker(policy: .permanent, intensity: RestartIntensity(), backoff: .none)
        #expect(permanent.decide(after: .failed, now: .zero, stopping: true) == .stop)
        #expect(permanent.decide(after: .cancelled, now: .zero, stopping: false) == .stop)
    }

    @Test func backoffGrowsAndIsCapped() {
        let backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 3)
        #expect(backoff.delay(attempt: 1) == .milliseconds(100))
        #expect(backoff.delay(attempt: 2) == .milliseconds(300))
        #expect(backoff.delay(attempt: 3) == .milliseconds(900))
        #expect(backoff.delay(attempt: 4) == .seconds(1))
        #expect(backoff.delay(attempt: 40) == .seconds(1))
    }
}

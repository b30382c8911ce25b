extension MasterStateMachine {
    /// Enters `stopping`: close the master's listener descriptors, ask every worker to stop.
    ///
    /// Closing the master's copies first means each slot's socket lives exactly as long as a worker
    /// still holds it: new connections are refused once the workers stop accepting, instead of
    /// queueing on a socket nobody will accept from until the master exits.
    mutating func beginStop(_ plan: StopPlan) {
        state = .stopping(plan)
        outcomes = []
        log(.notice, "stopping (\(plan.cause)): \(plan.mode == .graceful ? "graceful" : "fast") stop of "
            + "\(workerTable.count) worker(s)")
        for slot in slotTable.keys.sorted() where slotTable[slot]?.isStaffed == true {
            if configuration.listenerLayout == .socketPerSlot { emit(.closeListener(slot: slot)) }
            slotTable[slot] = .retiring
        }
        let cause: StopCause = plan.cause == .upgradeHandover ? .upgrade : .shutdown
        for record in workers {
            requestStop(pid: record.pid, StopRequest(mode: plan.mode, cause: cause))
        }
        finishStopIfDone()
    }

    /// A graceful stop becomes fast (second `SIGTERM`, `SIGINT`, `SIGQUIT`).
    mutating func escalateToFastStop(_ signal: ProcessSignal) {
        guard case .stopping(var plan) = state, plan.mode == .graceful else {
            log(.info, "ignoring \(signal.name): already stopping fast")
            return
        }
        plan.mode = .fast
        state = .stopping(plan)
        log(.warning, "\(signal.name) during a graceful stop: fast stop, SIGKILL in "
            + configuration.fastStopTimeout.secondsText())
        for record in workers {
            requestStop(pid: record.pid, StopRequest(mode: .fast, cause: .shutdown))
        }
    }

    /// Sends a graceful or fast stop to one worker and arms its kill deadline.
    ///
    /// A worker being killed keeps its escalation; one already draining only moves from graceful to
    /// fast (keeping its cause and the earlier kill deadline).
    mutating func requestStop(pid: Int32, _ request: StopRequest) {
        guard var record = workerTable[pid] else { return }
        var request = request
        var killAt: MonotonicInstant
        switch request.mode {
        case .graceful: killAt = monotonicNow + configuration.gracefulTimeout + configuration.killMargin
        case .fast: killAt = monotonicNow + configuration.fastStopTimeout
        }
        switch record.phase {
        case .unresponsive, .killing:
            return
        case .draining(let previousKillAt):
            guard request.mode == .fast, let previous = record.stopRequest, previous.mode == .graceful else { return }
            request = StopRequest(mode: .fast, cause: previous.cause)
            killAt = min(killAt, previousKillAt)
        case .booting, .ready:
            break
        }
        record.stopRequest = request
        record.phase = .draining(killAt: killAt)
        workerTable[pid] = record
        switch request.mode {
        case .graceful:
            let deadline = monotonicNow + configuration.gracefulTimeout
            emit(.send(pid: pid, .gracefulStop(
                deadlineUnixNanos: now.unixNanoseconds(at: deadline),
                reason: request.cause.description
            )))
        case .fast:
            emit(.send(pid: pid, .fastStop))
        }
    }

    /// Once every worker is reaped: the summary, the pid file, the exit.
    mutating func finishStopIfDone() {
        guard case .stopping(let plan) = state, workerTable.isEmpty, pendingSpawns.isEmpty else { return }
        let code: Int32
        if case .crashLoop = plan.cause {
            code = MasterExitCode.crashLoop
        } else {
            code = outcomes.allSatisfy(\.clean) ? MasterExitCode.clean : MasterExitCode.uncleanShutdown
        }
        let summary = ShutdownSummary(cause: plan.cause, workers: outcomes, exitCode: code)
        log(code == MasterExitCode.clean ? .notice : .error, summary.description)
        if plan.cause != .upgradeHandover, pidFileWritten { emit(.removePidFile) }
        emit(.exit(code: code, summary: summary))
        state = .stopped(exitCode: code)
    }
}

extension MasterStateMachine {
    /// Maps each signal to its decision.
    mutating func handleSignal(_ signal: ProcessSignal) {
        switch signal {
        case .terminate:
            if case .stopping = state {
                escalateToFastStop(signal)
            } else {
                beginStop(StopPlan(mode: .graceful, cause: .signal(signal)))
            }
        case .interrupt, .quit:
            if case .stopping = state {
                escalateToFastStop(signal)
            } else {
                beginStop(StopPlan(mode: .fast, cause: .signal(signal)))
            }
        case .hangup: requestReload()
        case .ttin: addSlot()
        case .ttou: retireHighestSlot()
        case .user1: reopenLogs()
        case .user2: beginUpgrade()
        default: log(.warning, "ignoring unexpected signal \(signal.name)")
        }
    }

    /// `SIGUSR1`: the master and every worker that still listens reopen their log files.
    private mutating func reopenLogs() {
        log(.notice, "SIGUSR1: reopening log files")
        emit(.reopenLogs)
        for record in workers {
            if case .killing = record.phase { continue }
            emit(.send(pid: record.pid, .reopenLogs))
        }
    }
}

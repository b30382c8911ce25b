extension MasterStateMachine {
    /// `tick`: fire every due worker timer, then due respawns, then the upgrade timeout.
    mutating func tick() {
        for record in workers { fireTimerIfDue(pid: record.pid) }
        respawnDueSlots()
        checkUpgradeTimeout()
    }

    /// When the worker's current phase needs attention next.
    func timerDeadline(of record: WorkerRecord) -> MonotonicInstant? {
        switch record.phase {
        case .booting(let since): since + configuration.bootTimeout
        case .ready(let since): (record.lastHeartbeatAt ?? since) + configuration.heartbeatTimeout
        case .unresponsive(_, let since): since + configuration.escalation.snapshotGrace
        case .draining(let killAt): killAt
        case .killing(.kill, _, _): nil
        case .killing(_, _, let since): since + configuration.escalation.abortGrace
        }
    }

    private mutating func fireTimerIfDue(pid: Int32) {
        guard let record = workerTable[pid], let deadline = timerDeadline(of: record), deadline <= monotonicNow else {
            return
        }
        switch record.phase {
        case .booting:
            suspect(pid: pid, .bootTimeout(limit: configuration.bootTimeout))
            if reloadingGeneration == record.generation {
                abortReload(because: "\(record.label) did not report ready within \(configuration.bootTimeout.secondsText())")
            }
        case .ready(let since):
            suspect(pid: pid, .heartbeatTimeout(silentFor: monotonicNow - (record.lastHeartbeatAt ?? since)))
        case .unresponsive(let reason, _):
            log(.error, "\(record.label): sending SIGABRT \(reason)")
            startKilling(pid: pid, signal: .abort, reason: reason)
        case .draining:
            let reason = KillReason.stopDeadline(record.stopRequest?.mode ?? .graceful)
            log(.warning, "\(record.label): sending SIGKILL \(reason)")
            startKilling(pid: pid, signal: .kill, reason: reason)
        case .killing(_, let reason, _):
            log(.error, "\(record.label) survived SIGABRT: sending SIGKILL")
            startKilling(pid: pid, signal: .kill, reason: reason)
        }
    }

    /// First step of the escalation: request the stuck report (a snapshot), `SIGABRT` follows.
    mutating func suspect(pid: Int32, _ reason: KillReason) {
        guard var record = workerTable[pid] else { return }
        let id = nextSnapshotID
        nextSnapshotID += 1
        record.phase = .unresponsive(reason: reason, since: monotonicNow)
        record.killReason = reason
        record.stuckReportRequestID = id
        workerTable[pid] = record
        log(.error, "\(record.label) failed a health check (\(reason)): requesting its stuck report, "
            + "SIGABRT in \(configuration.escalation.snapshotGrace.secondsText())")
        emit(.send(pid: pid, .snapshotRequest(id: id)))
    }

    /// Sends `signal` to the worker and records why.
    mutating func startKilling(pid: Int32, signal: ProcessSignal, reason: KillReason) {
        guard var record = workerTable[pid] else { return }
        record.phase = .killing(signal: signal, reason: reason, since: monotonicNow)
        record.killReason = reason
        record.killSignals.append(signal)
        workerTable[pid] = record
        emit(.kill(pid: pid, signal: signal))
    }

    /// Stores a stuck report (kept for the shutdown summary) and logs it apart.
    mutating func storeStuckReport(_ json: String, pid: Int32) {
        guard var record = workerTable[pid] else { return }
        record.stuckReports.append(json)
        workerTable[pid] = record
        log(.warning, "\(record.label) stuck report: \(json)")
    }
}

extension MasterStateMachine {
    /// A decoded control message from worker `pid`.
    mutating func received(_ message: ControlMessage, from pid: Int32) {
        guard var record = knownWorker(pid, for: "a control message") else { return }
        switch message {
        case .ready(_, let generation, let slot):
            workerReady(pid: pid, reportedGeneration: generation, reportedSlot: slot)
        case .heartbeat(let lagMicros, let served, _, _):
            record.lastHeartbeatAt = monotonicNow
            record.requestsServed = served
            workerTable[pid] = record
            let lag = Duration.microseconds(Int64(clamping: lagMicros))
            if case .ready = record.phase, lag > configuration.loopLagTimeout {
                suspect(pid: pid, .loopLag(lag: lag, limit: configuration.loopLagTimeout))
            } else {
                recycleIfQuotaReached(pid: pid)
            }
        case .counters, .metrics:
            break  // metrics: the driver reads them from the channel itself
        case .snapshot(let id, let json):
            if id == record.stuckReportRequestID {
                storeStuckReport(json, pid: pid)
            } else {
                log(.debug, "snapshot \(id) from \(record.label) was not requested by the master")
            }
        case .stuckReport(let json):
            storeStuckReport(json, pid: pid)
        case .exiting(let reason, let clean):
            record.reportedClean = clean
            workerTable[pid] = record
            log(clean ? .info : .warning, "\(record.label) is exiting (\(clean ? "clean" : "unclean")): \(reason)")
        case .gracefulStop, .fastStop, .snapshotRequest, .reopenLogs, .stopAccepting:
            log(.warning, "ignoring a master-to-worker message from \(record.label)")
        }
    }
}

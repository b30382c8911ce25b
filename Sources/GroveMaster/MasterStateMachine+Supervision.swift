extension MasterStateMachine {
    /// `workerExited`: log the classified reason, then account for it according to the state.
    mutating func workerExited(pid: Int32, status: WorkerExitStatus) {
        guard let record = knownWorker(pid, for: "an exit (\(status.statusText))") else { return }
        workerTable[pid] = nil
        let reason = ExitReason.classify(status, context: record.exitContext)
        let level: LogLevel = switch reason.kind {
        case .cleanStop: .info
        case .uncleanStop: .warning
        case .killedByMaster, .crash, .unexpectedExit, .bootFailure: .error
        }
        log(level, "\(record.label) \(reason)")
        if case .stopping = state {
            outcomes.append(WorkerOutcome(
                pid: pid,
                slot: record.slot,
                generation: record.generation,
                reason: reason,
                stuckReports: record.stuckReports
            ))
            finishStopIfDone()
            return
        }
        let expected = record.stopRequest != nil || record.killReason?.isHealthCheck == false
            || isAbandoned(generation: record.generation)
        if expected {
            removeSlotIfRetired(record.slot)
        } else if reloadingGeneration == record.generation {
            abortReload(because: "\(record.label) \(reason)")
        } else {
            replaceAfterFailure(slot: record.slot, uptime: monotonicNow - record.spawnedAt)
        }
    }

    /// `channelClosed`: informational; the exit (or the heartbeat timeout) decides.
    mutating func channelClosed(pid: Int32) {
        guard let record = knownWorker(pid, for: "a channel close", level: .debug) else { return }
        log(.debug, "control channel of \(record.label) closed")
    }

    /// Records a failure of `slot` and replaces its worker now, later (backoff) or never (crash loop).
    mutating func replaceAfterFailure(slot: Int, uptime: Duration) {
        switch restarts.recordFailure(slot: slot, uptime: uptime, at: monotonicNow) {
        case .giveUp(let failures, let window):
            let message = "\(failures) unexpected worker exits within \(window.secondsText()) "
                + "(limit \(restarts.crashLoop.maximumFailures)); giving up so the service manager can take over"
            log(.critical, message)
            beginStop(StopPlan(mode: .graceful, cause: .crashLoop(message: message)))
        case .restart(let delay):
            guard slotNeedsWorker(slot) else { return }
            if delay == .zero {
                requestSpawn(slot: slot, generation: activeGeneration, role: .primary)
            } else {
                slotTable[slot] = .awaitingRespawn(at: monotonicNow + delay)
                log(.warning, "slot \(slot) failed \(restarts.consecutiveFailures(slot: slot)) times in a row: "
                    + "respawning in \(delay.secondsText())")
            }
        }
    }

    /// Spawns the replacements whose backoff elapsed.
    mutating func respawnDueSlots() {
        for slot in slotTable.keys.sorted() {
            guard case .awaitingRespawn(let at) = slotTable[slot], at <= monotonicNow else { continue }
            slotTable[slot] = .serving
            if slotNeedsWorker(slot) {
                log(.info, "backoff of slot \(slot) elapsed: respawning")
                requestSpawn(slot: slot, generation: activeGeneration, role: .primary)
            }
        }
    }

    /// Removes a retiring slot once no worker and no spawn uses it any more.
    mutating func removeSlotIfRetired(_ slot: Int) {
        guard slotTable[slot] == .retiring,
              !workerTable.values.contains(where: { $0.slot == slot }),
              !pendingSpawns.contains(where: { $0.slot == slot })
        else { return }
        slotTable[slot] = nil
        restarts.forget(slot: slot)
        log(.notice, "slot \(slot) removed: \(slotTable.count) slot(s) left")
    }
}

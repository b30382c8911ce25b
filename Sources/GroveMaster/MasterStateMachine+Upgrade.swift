extension MasterStateMachine {
    /// `SIGUSR2`: start the new binary; keep serving until it is ready.
    mutating func beginUpgrade() {
        guard case .running = state else {
            log(.warning, "ignoring SIGUSR2 while \(state.name)")
            return
        }
        state = .upgrading(since: monotonicNow)
        log(.notice, "SIGUSR2: starting the new binary with the inherited listeners")
        emit(.execNewBinary)
    }

    /// The new master's workers are ready: drain ours and exit 0 (its pid file stays).
    mutating func upgradeChildReady() {
        guard case .upgrading = state else {
            log(.warning, "ignoring a ready upgraded master: no upgrade in progress")
            return
        }
        log(.notice, "the upgraded master is ready: draining this master's workers")
        beginStop(StopPlan(mode: .graceful, cause: .upgradeHandover))
    }

    /// The new binary failed: keep serving, restore our pid file.
    mutating func upgradeChildFailed(message: String) {
        guard case .upgrading = state else {
            log(.warning, "ignoring an upgrade failure (\(message)): no upgrade in progress")
            return
        }
        state = .running
        log(.error, "binary upgrade failed: \(message); this master keeps serving")
        emit(.writePidFile)
    }

    /// The new binary did not become ready in time: kill it, keep serving.
    mutating func checkUpgradeTimeout() {
        guard case .upgrading(let since) = state, monotonicNow >= since + configuration.upgradeTimeout else { return }
        state = .running
        log(.error, "binary upgrade abandoned: the new master was not ready within "
            + "\(configuration.upgradeTimeout.secondsText()); this master keeps serving")
        emit(.abortUpgrade)
        emit(.writePidFile)
    }
}

extension MasterStateMachine {
    /// `SIGHUP`: re-read the configuration. During a reload, every further `SIGHUP` coalesces into
    /// one queued reload that starts when the current one ends (so the newest file always wins).
    mutating func requestReload() {
        switch state {
        case .running:
            state = .reloading(.readingConfiguration(queued: false))
            log(.notice, "SIGHUP: re-reading the configuration")
            emit(.reloadConfig)
        case .reloading(let phase) where phase.isQueued:
            log(.info, "SIGHUP coalesced with the reload already queued")
        case .reloading(.readingConfiguration):
            state = .reloading(.readingConfiguration(queued: true))
            log(.notice, "SIGHUP during a reload: another reload will follow this one")
        case .reloading(.bootingGeneration(let generation, let configuration, _)):
            state = .reloading(.bootingGeneration(generation: generation, configuration: configuration, queued: true))
            log(.notice, "SIGHUP during a reload: another reload will follow this one")
        default:
            log(.warning, "ignoring SIGHUP while \(state.name)")
        }
    }

    /// `configReloaded`: refuse (keep everything) or boot a new generation on every slot.
    mutating func configReloaded(_ result: Result<MasterConfiguration, ConfigError>) {
        guard case .reloading(.readingConfiguration(let queued)) = state else {
            log(.warning, "ignoring a reloaded configuration nobody asked for")
            return
        }
        switch result {
        case .failure(let error):
            state = .running
            log(.error, "reload refused, generation \(activeGeneration) keeps running: \(error)")
            if queued { requestReload() }
        case .success(let newConfiguration):
            let generation = nextGeneration
            nextGeneration += 1
            state = .reloading(.bootingGeneration(generation: generation, configuration: newConfiguration, queued: queued))
            let slotCount = slotTable.count
            if newConfiguration.workers != slotCount {
                log(.notice, "workers change from \(slotCount) to \(newConfiguration.workers) once generation "
                    + "\(generation) is ready on the current slots")
            }
            log(.notice, "configuration reloaded: booting generation \(generation); generation "
                + "\(activeGeneration) serves until every slot has a ready worker")
            for slot in slotTable.keys.sorted() where slotTable[slot]?.isStaffed == true {
                slotTable[slot] = .serving
                requestSpawn(slot: slot, generation: generation, role: .primary)
            }
        }
    }

    /// Every slot has a ready worker of the new generation: switch, then drain the old ones.
    mutating func commitReload(generation: Int, configuration newConfiguration: MasterConfiguration, queued: Bool) {
        let previous = activeGeneration
        activeGeneration = generation
        let adopted = newConfiguration
        configuration = adopted
        restarts.backoff = adopted.restartBackoff
        restarts.crashLoop = adopted.crashLoop
        state = .running
        log(.notice, "generation \(generation) ready on every slot: draining generation \(previous)")
        for record in workers where record.generation < generation {
            requestStop(pid: record.pid, StopRequest(mode: .graceful, cause: .reload))
        }
        resizeAfterReload(to: adopted.workers)
        if queued { requestReload() }
    }

    /// Adds or retires slots (as `SIGTTIN`/`SIGTTOU` do) until there are `workers` of them.
    private mutating func resizeAfterReload(to workers: Int) {
        let current = slotTable.values.filter(\.isStaffed).count
        guard current != workers else { return }
        log(.notice, "reload: \(current) to \(workers) worker(s)")
        for _ in current..<max(current, workers) { addSlot() }
        for _ in workers..<max(workers, current) { retireHighestSlot() }
    }

    /// A worker of the booting generation failed: drop that generation, keep the old one serving.
    mutating func abortReload(because reason: String) {
        guard case .reloading(.bootingGeneration(let generation, _, let queued)) = state else { return }
        state = .running
        log(.error, "reload to generation \(generation) aborted: \(reason); generation \(activeGeneration) keeps serving")
        for record in workers where record.generation == generation && record.isServing {
            if record.readyAt != nil {
                requestStop(pid: record.pid, StopRequest(mode: .graceful, cause: .reloadAborted))
            } else {
                startKilling(pid: record.pid, signal: .kill, reason: .reloadAborted)
            }
        }
        staffEmptySlots()
        if queued { requestReload() }
    }
}

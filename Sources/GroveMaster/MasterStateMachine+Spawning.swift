extension MasterStateMachine {
    /// `start`: spawn generation 1 on slots `0..<workers`.
    mutating func start() {
        guard case .idle = state else {
            log(.warning, "ignoring start: the master already started")
            return
        }
        state = .starting
        emit(.writePidFile)
        log(.notice, "starting \(configuration.workers) worker(s), generation \(activeGeneration)")
        for slot in 0..<configuration.workers {
            slotTable[slot] = .serving
            requestSpawn(slot: slot, generation: activeGeneration, role: .primary)
        }
    }

    /// Emits ``MasterAction/spawnWorker(slot:generation:)`` and remembers the request.
    mutating func requestSpawn(slot: Int, generation: Int, role: WorkerRole) {
        pendingSpawns.append(PendingSpawn(slot: slot, generation: generation, role: role))
        emit(.spawnWorker(slot: slot, generation: generation))
    }

    /// `workerSpawned`: record the worker; stop it at once if its purpose vanished meanwhile.
    mutating func workerSpawned(pid: Int32, slot: Int, generation: Int) {
        let role: WorkerRole
        if let index = pendingSpawns.firstIndex(where: { $0.slot == slot && $0.generation == generation }) {
            role = pendingSpawns.remove(at: index).role
        } else {
            log(.warning, "worker \(pid) spawned for slot \(slot), generation \(generation) without a request; adopting it")
            role = .primary
        }
        var record = WorkerRecord(pid: pid, slot: slot, generation: generation, role: role, at: monotonicNow)
        if let recycling = configuration.recycling {
            record.requestLimit = recycling.maximumRequests + jitter.next(upTo: recycling.maximumJitter)
        }
        workerTable[pid] = record
        log(.info, "\(record.label) spawned")
        if case .stopping(let plan) = state {
            requestStop(pid: pid, StopRequest(mode: plan.mode, cause: .shutdown))
        } else if isAbandoned(generation: generation) {
            log(.warning, "\(record.label) belongs to an aborted reload: killing it")
            startKilling(pid: pid, signal: .kill, reason: .reloadAborted)
        } else if generation < activeGeneration {
            requestStop(pid: pid, StopRequest(mode: .graceful, cause: .reload))
        } else if slotTable[slot] == .retiring {
            requestStop(pid: pid, StopRequest(mode: .graceful, cause: .scaleDown))
        }
    }

    /// `spawnFailed`: a failure of the slot (fork failed), handled like a boot failure.
    mutating func spawnFailed(slot: Int, generation: Int, message: String) {
        guard let index = pendingSpawns.firstIndex(where: { $0.slot == slot && $0.generation == generation }) else {
            log(.warning, "ignoring a spawn failure for slot \(slot), generation \(generation): no such request")
            return
        }
        let pending = pendingSpawns.remove(at: index)
        log(.error, "spawning a worker for slot \(slot), generation \(generation) failed: \(message)")
        if case .stopping = state {
            finishStopIfDone()
        } else if reloadingGeneration == generation {
            abortReload(because: "spawning a worker for slot \(slot) failed: \(message)")
        } else if generation == activeGeneration, pending.role == .primary {
            replaceAfterFailure(slot: slot, uptime: .zero)
        }
    }

    /// A booting worker reported `ready`.
    mutating func workerReady(pid: Int32, reportedGeneration: Int, reportedSlot: Int) {
        guard var record = workerTable[pid], case .booting(let since) = record.phase else {
            log(.debug, "ignoring ready from worker \(pid): it is not booting")
            return
        }
        if reportedGeneration != record.generation || reportedSlot != record.slot {
            log(.warning, "\(record.label) reported generation \(reportedGeneration), slot \(reportedSlot); keeping the master's view")
        }
        record.phase = .ready(since: monotonicNow)
        record.readyAt = monotonicNow
        record.lastHeartbeatAt = monotonicNow
        workerTable[pid] = record
        log(.info, "\(record.label) ready after \((monotonicNow - since).secondsText(decimals: 3))")
        if case .successor(let predecessor) = record.role {
            finishRecycling(successor: pid, predecessor: predecessor)
        }
        switch state {
        case .starting where allSlotsReady(generation: activeGeneration):
            state = .running
            log(.notice, "all \(slotTable.count) worker(s) ready: running")
        case .reloading(.bootingGeneration(let generation, let newConfiguration, let queued))
            where allSlotsReady(generation: generation):
            commitReload(generation: generation, configuration: newConfiguration, queued: queued)
        default:
            break
        }
    }

    /// Whether every staffed slot has a ready, serving worker of `generation`.
    func allSlotsReady(generation: Int) -> Bool {
        slotTable.allSatisfy { slot, slotState in
            !slotState.isStaffed || workerTable.values.contains {
                $0.slot == slot && $0.generation == generation && $0.readyAt != nil && $0.isServing
            }
        }
    }

    /// Whether a slot lacks a serving worker of the active generation (and none is being spawned).
    func slotNeedsWorker(_ slot: Int) -> Bool {
        guard isSupervising, slotTable[slot] == .serving else { return false }
        if case .reloading(.bootingGeneration) = state { return false }
        let staffed = workerTable.values.contains { $0.slot == slot && $0.generation == activeGeneration && $0.isServing }
        let spawning = pendingSpawns.contains { $0.slot == slot && $0.generation == activeGeneration }
        return !staffed && !spawning
    }

    /// Spawns a worker of the active generation for every slot that lacks one.
    mutating func staffEmptySlots() {
        for slot in slotTable.keys.sorted() where slotNeedsWorker(slot) {
            requestSpawn(slot: slot, generation: activeGeneration, role: .primary)
        }
    }

    /// A generation nobody will run any more (an aborted reload's).
    func isAbandoned(generation: Int) -> Bool {
        generation > activeGeneration && generation != reloadingGeneration
    }

    /// The generation a reload is booting, if any.
    var reloadingGeneration: Int? {
        if case .reloading(.bootingGeneration(let generation, _, _)) = state { return generation }
        return nil
    }
}

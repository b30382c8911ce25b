extension MasterStateMachine {
    /// After a heartbeat: a ready primary worker past its request quota gets a successor on its slot.
    mutating func recycleIfQuotaReached(pid: Int32) {
        guard case .running = state,
              let record = workerTable[pid],
              record.role == .primary, record.isServing, record.readyAt != nil,
              record.generation == activeGeneration, slotTable[record.slot] == .serving,
              let limit = record.requestLimit, record.requestsServed >= limit
        else { return }
        let successor = WorkerRole.successor(of: pid)
        guard !pendingSpawns.contains(where: { $0.role == successor }),
              !workerTable.values.contains(where: { $0.role == successor })
        else { return }
        log(.info, "\(record.label) served \(record.requestsServed) requests (quota \(limit)): recycling it")
        requestSpawn(slot: record.slot, generation: activeGeneration, role: successor)
    }

    /// The successor is ready: it becomes the slot's primary and its predecessor drains.
    mutating func finishRecycling(successor: Int32, predecessor: Int32) {
        workerTable[successor]?.role = .primary
        guard let old = workerTable[predecessor], old.isServing else { return }
        log(.info, "successor \(successor) ready: draining recycled \(old.label)")
        requestStop(pid: predecessor, StopRequest(mode: .graceful, cause: .recycle))
    }
}

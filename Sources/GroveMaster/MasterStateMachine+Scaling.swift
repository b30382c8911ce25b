extension MasterStateMachine {
    /// `SIGTTIN`: one slot more (lowest free index). Socket per slot: bind its listener first.
    mutating func addSlot() {
        guard case .running = state else {
            log(.warning, "ignoring SIGTTIN while \(state.name)")
            return
        }
        var slot = 0
        while slotTable[slot] != nil { slot += 1 }
        log(.notice, "SIGTTIN: adding slot \(slot)")
        switch configuration.listenerLayout {
        case .socketPerSlot:
            slotTable[slot] = .opening
            emit(.openListener(slot: slot))
        case .shared:
            slotTable[slot] = .serving
            requestSpawn(slot: slot, generation: activeGeneration, role: .primary)
        }
    }

    /// `listenerOpened`: staff the new slot (or close the socket if the master is stopping).
    mutating func listenerOpened(slot: Int) {
        guard slotTable[slot] == .opening else {
            log(.warning, "ignoring an opened listener for slot \(slot): not being opened")
            return
        }
        guard isSupervising else {
            slotTable[slot] = nil
            emit(.closeListener(slot: slot))
            return
        }
        slotTable[slot] = .serving
        staffEmptySlots()
    }

    /// `listenerOpenFailed`: forget the slot.
    mutating func listenerOpenFailed(slot: Int, message: String) {
        guard slotTable[slot] == .opening else {
            log(.warning, "ignoring a listener failure for slot \(slot): not being opened")
            return
        }
        slotTable[slot] = nil
        log(.error, "SIGTTIN: binding the listener of slot \(slot) failed: \(message)")
    }

    /// `SIGTTOU`: retire the highest serving slot (never the last one).
    ///
    /// Its workers get `stopAccepting` (accept what is queued, then close their copy of the socket)
    /// and a graceful stop; the master closes its own descriptor at once, so the kernel socket is
    /// closed by the last worker that stops accepting on it, and no new connection is queued on a
    /// socket that nobody accepts from during the drain.
    mutating func retireHighestSlot() {
        guard case .running = state else {
            log(.warning, "ignoring SIGTTOU while \(state.name)")
            return
        }
        let staffed = slotTable.compactMap { slot, slotState in slotState.isStaffed ? slot : nil }
        guard staffed.count > 1, let slot = staffed.max() else {
            log(.warning, "ignoring SIGTTOU: at least one worker must remain")
            return
        }
        slotTable[slot] = .retiring
        log(.notice, "SIGTTOU: retiring slot \(slot); \(staffed.count - 1) slot(s) remain")
        let onSlot = workers.filter { $0.slot == slot }
        for record in onSlot where record.isServing {
            emit(.send(pid: record.pid, .stopAccepting))
        }
        if configuration.listenerLayout == .socketPerSlot { emit(.closeListener(slot: slot)) }
        for record in onSlot {
            requestStop(pid: record.pid, StopRequest(mode: .graceful, cause: .scaleDown))
        }
        removeSlotIfRetired(slot)
    }
}

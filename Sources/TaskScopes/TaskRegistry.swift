/// The live tasks of one scope: a slot array with a free list, so registering and removing a
/// task is O(1) without hashing. Slots are reused, so memory follows the peak number of *live*
/// tasks, never the number spawned; storage of a very large burst is released once idle.
struct TaskRegistry: Sendable {
    private var slots: [LiveTask?] = []
    private var freeSlots: [Int] = []
    /// Number of live tasks.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// The slot the next inserted record will occupy.
    func nextSlot() -> Int {
        freeSlots.last ?? slots.count
    }

    /// Stores a record in the slot `nextSlot()` returned (its `slot`).
    mutating func insert(_ record: LiveTask) {
        if freeSlots.last == record.slot {
            freeSlots.removeLast()
            slots[record.slot] = record
        } else {
            slots.append(record)
        }
        count += 1
    }

    /// Removes the record in `slot`, if it is the given one.
    mutating func remove(_ record: LiveTask) {
        guard record.slot < slots.count, slots[record.slot] === record else { return }
        slots[record.slot] = nil
        count -= 1
        if count == 0 && slots.count > 65_536 {
            // Idle after a large burst: give the storage back rather than keep the peak.
            slots = []
            freeSlots = []
        } else {
            freeSlots.append(record.slot)
        }
    }

    /// Every live record, in no particular order.
    var records: [LiveTask] {
        slots.compactMap { $0 }
    }
}

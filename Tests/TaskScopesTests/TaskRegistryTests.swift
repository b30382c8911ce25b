import Testing
@testable import TaskScopes

@Suite struct TaskRegistryTests {
    private func record(_ registry: TaskRegistry, id: UInt64) -> LiveTask {
        LiveTask(id: id, slot: registry.nextSlot(), name: "t\(id)", startedAt: .zero)
    }

    @Test func slotsAreReusedAndCountsTrackLiveRecords() {
        var registry = TaskRegistry()
        let a = record(registry, id: 1)
        registry.insert(a)
        let b = record(registry, id: 2)
        registry.insert(b)
        #expect(registry.count == 2)
        registry.remove(a)
        let c = record(registry, id: 3)
        #expect(c.slot == a.slot)  // the freed slot is reused
        registry.insert(c)
        #expect(Set(registry.records.map(\.id)) == [2, 3])
        registry.remove(a)  // stale: already removed, must not disturb c
        #expect(registry.count == 2)
        registry.remove(b)
        registry.remove(c)
        #expect(registry.isEmpty && registry.records.isEmpty)
    }

    @Test func largeBurstStorageIsReleasedWhenIdle() {
        var registry = TaskRegistry()
        var records: [LiveTask] = []
        for id in 0..<70_000 {
            let live = record(registry, id: UInt64(id))
            registry.insert(live)
            records.append(live)
        }
        for live in records { registry.remove(live) }
        #expect(registry.isEmpty)
        #expect(registry.nextSlot() == 0)
    }
}

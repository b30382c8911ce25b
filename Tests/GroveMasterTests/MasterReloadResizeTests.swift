import Testing
@testable import GroveMaster

@Suite("Master: a reload that changes the worker count")
struct MasterReloadResizeTests {
    @Test("workers 2 → 3: the new generation boots on the 2 slots, then a third slot opens and is staffed by it")
    func growOnReload() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        let old = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 3))
        #expect(new.count == 2, "the new generation first replaces the existing slots")
        harness.ready([new[0]])
        let committed = harness.ready([new[1]])
        #expect(committed.effects.contains(.openListener(slot: 2)))
        #expect(committed.logs(.notice).contains("reload: 2 to 3 worker(s)"))
        #expect(harness.machine.configuration.workers == 3)
        let opened = harness.handle(.listenerOpened(slot: 2))
        #expect(opened.effects == [.spawnWorker(slot: 2, generation: 2)])
        harness.ready(harness.spawn(opened))
        for pid in old { _ = harness.exit(pid) }
        #expect(harness.readyServing(generation: 2).keys.sorted() == [0, 1, 2])
    }

    @Test("workers 3 → 1: after the switch the two highest slots are retired")
    func shrinkOnReload() {
        var harness = MasterHarness(MasterConfiguration(workers: 3))
        let old = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 1))
        #expect(new.count == 3)
        harness.ready(Array(new.prefix(2)))
        let committed = harness.ready([new[2]])
        #expect(committed.effects.contains(.closeListener(slot: 2)))
        #expect(committed.effects.contains(.closeListener(slot: 1)))
        #expect(!committed.effects.contains(.closeListener(slot: 0)))
        #expect(committed.effects.contains(.send(pid: new[2], .stopAccepting)))
        for pid in old + [new[1], new[2]] { _ = harness.exit(pid) }
        #expect(harness.readyServing(generation: 2) == [0: [new[0]]])
        #expect(harness.machine.slots.count == 1)
    }

    @Test("the same worker count: no slot is opened or retired")
    func sameCount() {
        var harness = MasterHarness(MasterConfiguration(workers: 2))
        _ = harness.boot()
        let new = harness.reloadAndSpawn(MasterConfiguration(workers: 2))
        harness.ready([new[0]])
        let committed = harness.ready([new[1]])
        #expect(!committed.effects.contains { if case .openListener = $0 { true } else if case .closeListener = $0 { true } else { false } })
    }
}

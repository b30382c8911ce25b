import Synchronization
import Testing
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

/// Resident set size in bytes, from the second field of /proc/self/statm (0 where unavailable).
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, Int32(buffer.count), file) != nil else { return 0 }
    let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let fields = line.split(separator: " ").compactMap { Int($0) }
    guard fields.count >= 2 else { return 0 }
    return fields[1] * Int(sysconf(Int32(_SC_PAGESIZE)))
}

@Suite struct MemoryTests {
    @Test func supervisorMemoryStaysFlatOverAMillionFailingTasks() async throws {
        let handled = Atomic<Int>(0)
        let root = TaskScope.root(clock: TestClock())
        let handlers = try root.child(name: "handlers", policy: .supervise) { _ in
            handled.add(1, ordering: .relaxed)
        }
        let batches = 100
        let batchSize = 10_000
        var residentAfterWarmUp = 0
        for batch in 1...batches {
            for _ in 0..<batchSize {
                try handlers.spawn(name: "failing") { throw Boom() }
            }
            await handlers.waitForIdle()
            if batch == batches / 2 { residentAfterWarmUp = residentBytes() }
        }
        await eventually { handled.load(ordering: .relaxed) == batches * batchSize }
        let residentAtEnd = residentBytes()
        let snapshot = handlers.snapshot()
        #expect(snapshot.failed == batches * batchSize)
        #expect(snapshot.active == 0)  // the registry keeps nothing of finished tasks
        #expect(residentAfterWarmUp > 0)
        // 500,000 more failed tasks after the first half (allocator warm-up): a leak of even
        // 40 bytes per task would add 20 MiB.
        let growth = residentAtEnd - residentAfterWarmUp
        #expect(growth < 16 << 20, "RSS grew by \(growth >> 20) MiB in the second half")
    }
}

import GroveTestSupport
import Testing

@Suite struct MemoryTests {
    /// One million failing tasks in a supervisor scope, run in `grove-scopes-probe` so that the
    /// resident set measured is the workload's alone (tests in this process run concurrently
    /// and allocate too).
    @Test func supervisorMemoryStaysFlatOverAMillionFailingTasks() async throws {
        let probe = try ChildProcess(ChildProcess.builtExecutable("grove-scopes-probe"), ["memory"])
        defer { probe.kill() }
        let line = try await probe.waitForLine(startingWith: "memory ", timeout: .seconds(120))
        var figures: [String: Int] = [:]
        for field in line.split(separator: " ").dropFirst() {
            let parts = field.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { figures[String(parts[0])] = value }
        }
        #expect(figures["failed"] == 1_000_000)
        #expect(figures["handled"] == 1_000_000)  // every failure reached the scope's handler
        #expect(figures["active"] == 0)  // the registry keeps nothing of finished tasks
        let half = try #require(figures["resident_half"])
        let end = try #require(figures["resident_end"])
        #expect(half > 0)
        // 500,000 more failed tasks after the first half (allocator warm-up): a leak of even
        // 40 bytes per task would add 20 MiB. The probe trims the heap before each reading, so
        // how many tasks a busy machine happened to keep alive at once does not count.
        #expect(end - half < Self.residentGrowthLimit, "RSS grew by \((end - half) >> 20) MiB in the second half")
    }

    /// 16 MiB; under ThreadSanitizer (`make sanitize-thread` sets `GROVE_SANITIZER=thread`) the
    /// probe's RSS also holds TSan's shadow of every byte it touches (four times the memory on
    /// x86_64) and its own allocator, so the bound is four times larger: a 40-byte-per-task
    /// leak (20 MiB, about 100 MiB with its shadow) still fails it.
    static var residentGrowthLimit: Int {
        let underThreadSanitizer = ChildProcess.currentEnvironment.contains("GROVE_SANITIZER=thread")
        return (underThreadSanitizer ? 64 : 16) << 20
    }
}

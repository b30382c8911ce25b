import GroveLoop
import Testing

@Suite("Loop iteration clock")
struct IterationClockTests {
    @Test("one reading per iteration: the same value however long the iteration runs, a new one after the loop polled")
    func oneReadingPerIteration() async throws {
        let (first, again, clockMoved, afterSleep, sleptFrom) = try await withLoop { loop in
            // No suspension between these reads: they are in one iteration.
            let first = loop.iterationNanoseconds
            let busyUntil = monotonicNanoseconds() + 2_000_000
            while monotonicNanoseconds() < busyUntil {}
            let again = loop.iterationNanoseconds
            let clockMoved = monotonicNanoseconds() - first
            // The sleep ends in a later iteration (a timer fires after a poll).
            let sleptFrom = monotonicNanoseconds()
            try await loop.clock.sleep(for: .milliseconds(10))
            return (first, again, clockMoved, loop.iterationNanoseconds, sleptFrom)
        }
        #expect(first != 0)
        #expect(clockMoved >= 2_000_000)
        #expect(again == first)
        #expect(afterSleep >= sleptFrom + 10_000_000)
    }
}

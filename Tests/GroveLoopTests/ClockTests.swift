import GroveLoop
import Testing

@Suite("Loop clock")
struct ClockTests {
    @Test("a sleep lasts at least its duration and wakes on the loop thread")
    func sleepWaitsAndStaysOnLoop() async throws {
        let (elapsed, onLoop) = try await withLoop { loop -> (Duration, Bool) in
            let clock = loop.clock
            let start = clock.now
            try await clock.sleep(for: .milliseconds(20))
            return (start.duration(to: clock.now), loop.inLoopThread)
        }
        #expect(elapsed >= .milliseconds(20))
        #expect(onLoop)
    }

    @Test("cancelling a sleeping task ends the sleep with CancellationError")
    func sleepCancelsPromptly() async throws {
        let outcome = try await within(.seconds(5), "cancelled sleep") {
            try await withLoop { loop -> String in
                let sleeper = Task(executorPreference: loop.executor) { () throws -> String in
                    do {
                        try await loop.clock.sleep(for: .seconds(60))
                        return "slept"
                    } catch is CancellationError {
                        return loop.inLoopThread ? "cancelled on loop" : "cancelled elsewhere"
                    }
                }
                try await loop.clock.sleep(for: .milliseconds(5))
                sleeper.cancel()
                return try await sleeper.value
            }
        }
        #expect(outcome == "cancelled on loop")
    }

    @Test("a task cancelled before it sleeps does not sleep")
    func alreadyCancelled() async throws {
        let threw = try await withLoop { loop -> Bool in
            let task = Task(executorPreference: loop.executor) { () throws -> Bool in
                withUnsafeCurrentTask { $0?.cancel() }
                do { try await loop.clock.sleep(for: .seconds(60)) } catch is CancellationError { return true }
                return false
            }
            return try await task.value
        }
        #expect(threw)
    }

    @Test("sleeps are cancelled from another thread too")
    func cancelFromOtherThread() async throws {
        let thread = try LoopThread()
        defer { thread.shutdown() }
        let loop = thread.loop
        let task = Task(executorPreference: loop.executor) { () throws -> Bool in
            do { try await loop.clock.sleep(for: .seconds(60)) } catch is CancellationError { return true }
            return false
        }
        try await Task.sleep(for: .milliseconds(10))
        task.cancel()  // from a pool thread
        let cancelled = try await within(.seconds(5), "cross-thread cancel") { try await task.value }
        #expect(cancelled)
    }

    @Test("withTimeout cancels a slow operation and throws ETIMEDOUT")
    func timeoutFires() async throws {
        let result = try await withLoop { loop -> (String, Bool) in
            do {
                _ = try await loop.clock.withTimeout(.milliseconds(10)) {
                    try await loop.clock.sleep(for: .seconds(60))
                    return 1
                }
                return ("finished", false)
            } catch let error as LoopError {
                return (error.name, loop.inLoopThread)
            }
        }
        #expect(result.0 == "ETIMEDOUT")
        #expect(result.1)
    }

    @Test("withTimeout returns the value of a fast operation")
    func timeoutPassesValue() async throws {
        let value = try await withLoop { loop in
            try await loop.clock.withTimeout(.seconds(60)) { 99 }
        }
        #expect(value == 99)
    }

    @Test("instants order and measure durations")
    func instantArithmetic() {
        let base = LoopClock.Instant(nanoseconds: 1_000_000_000)
        let later = base.advanced(by: .milliseconds(1500))
        #expect(later.nanoseconds == 2_500_000_000)
        #expect(base.duration(to: later) == .milliseconds(1500))
        #expect(later.duration(to: base) == .milliseconds(-1500))
        #expect(base < later)
        #expect(base.advanced(by: .seconds(-5)).nanoseconds == 0)
    }
}

import GroveLoop
import GroveTestSupport
import Synchronization
import Testing

@Suite("Loop executor")
struct ExecutorTests {
    @TaskLocal static var requestID: Int = 0

    @Test("structured children of a task on the loop run on the loop thread")
    func structuredChildrenStayOnLoop() async throws {
        let results = try await withLoop { loop -> [Bool] in
            var seen = [loop.inLoopThread]
            seen += await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { loop.inLoopThread } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let discarding = Locked<[Bool]>([])
            await withDiscardingTaskGroup { group in
                for _ in 0..<8 { group.addTask { discarding.withLock { $0.append(loop.inLoopThread) } } }
            }
            seen += discarding.withLock { $0 }
            async let first = loop.inLoopThread
            async let second = { () async -> Bool in
                await Task.yield()
                return loop.inLoopThread
            }()
            seen += [await first, await second]
            return seen
        }
        #expect(results.count == 19)
        #expect(results.allSatisfy { $0 })
    }

    @Test("task locals propagate to children on the loop")
    func taskLocalsPropagate() async throws {
        let values = try await withLoop { loop -> [Int] in
            await ExecutorTests.$requestID.withValue(42) {
                await withTaskGroup(of: Int.self) { group in
                    group.addTask { ExecutorTests.requestID }
                    group.addTask {
                        async let nested = ExecutorTests.requestID
                        return await nested
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
            }
        }
        #expect(values == [42, 42])
    }

    @Test("work enqueued from other threads runs on the loop thread, in order")
    func remoteEnqueueRunsOnLoop() async throws {
        let thread = try LoopThread()
        defer { thread.shutdown() }
        let record = Locked<[Int]>([])
        let onLoop = Locked(true)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for index in 0..<1000 {
                thread.loop.executor.execute {
                    onLoop.withLock { $0 = $0 && thread.loop.inLoopThread }
                    record.withLock { $0.append(index) }
                    if index == 999 { done.resume() }
                }
            }
        }
        #expect(record.withLock { $0 } == Array(0..<1000))
        #expect(onLoop.withLock { $0 })
        #expect(!thread.loop.inLoopThread)
    }

    @Test("a task resumed from another thread comes back to the loop thread")
    func resumeFromPoolReturnsToLoop() async throws {
        let back = try await withLoop { loop -> Bool in
            // Runs on the global pool (a detached task has no executor preference)...
            let value = await Task.detached { !loop.inLoopThread }.value
            // ...and the awaiting task continues on the loop.
            return value && loop.inLoopThread
        }
        #expect(back)
    }

    @Test("EventLoop.run returns the main task's value and stops")
    func runMain() async throws {
        let result = Locked<Int?>(nil)
        let runner = try PlainThread {
            let loop = try! EventLoop()
            let value = try? loop.run { () async throws -> Int in
                try await loop.clock.sleep(for: .milliseconds(1))
                #expect(loop.inLoopThread)
                return 7
            }
            loop.close()
            result.withLock { $0 = value }
        }
        try await within(.seconds(10), "EventLoop.run") {
            while !runner.isFinished { try await Task.sleep(for: .milliseconds(5)) }
        }
        runner.join()
        #expect(result.withLock { $0 } == 7)
    }
}

import GroveLoop
import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Forking from a running loop")
struct ForkTests {
    /// The scenario runs in `grove-loop-probe`: the test process never forks itself.
    @Test("a forked child serves on its own fresh loop while the parent keeps its own signals")
    func forkedChildIsIndependent() async throws {
        let probe = try ChildProcess(ChildProcess.builtExecutable("grove-loop-probe"), ["fork-signals"])
        var childPID: pid_t = 0
        defer {
            if childPID > 0 { kill(childPID, SIGKILL) }
            probe.kill()
        }
        let parentLine = try await probe.waitForLine(startingWith: "parent-ready")
        let childLine = try await probe.waitForLine(startingWith: "child-ready")
        let childFields = childLine.split(separator: " ")
        childPID = pid_t(childFields[1])!
        let port = Int(childFields[2])!
        #expect(parentLine.hasSuffix("child \(childPID)"))

        // The child's fresh loop serves.
        let echoed = try await within(.seconds(10), "echo from the forked child") {
            try await withLoop { loop -> String in
                let connection = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: port)
                defer { connection.close() }
                try await connection.write("hello child")
                var bytes: [UInt8] = []
                while bytes.count < 11, let more = try await connection.read() { bytes += more }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        #expect(echoed == "hello child")

        // A signal to the child reaches the child's watcher, not the parent's.
        kill(childPID, SIGUSR1)
        _ = try await probe.waitForLine(startingWith: "child-signal SIGUSR1")
        // A signal to the parent reaches the parent's watcher.
        probe.send(SIGUSR1)
        _ = try await probe.waitForLine(startingWith: "parent-signal SIGUSR1")
        let output = probe.output
        #expect(output.filter { $0 == "parent-signal SIGUSR1" }.count == 1, "\(output)")
        #expect(output.filter { $0 == "child-signal SIGUSR1" }.count == 1, "\(output)")
        #expect(!output.contains { $0.contains("error") }, "\(output)")
    }

    @Test("a process with several threads refuses to fork")
    func refusesMultiThreadedFork() throws {
        // The test process runs Swift concurrency's pool: more than one thread.
        #expect(EventLoop.threadCount() > 1)
        #expect(throws: LoopError.self) { _ = try EventLoop.forkSingleThreaded() }
    }

    @Test("a fresh helper process has exactly one thread")
    func probeIsSingleThreaded() async throws {
        let probe = try ChildProcess(ChildProcess.builtExecutable("grove-loop-probe"), ["threads"])
        defer { probe.kill() }
        #expect(try await probe.waitForLine(startingWith: "threads") == "threads 1")
    }
}

import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A handler that leaks a plain `Task {}` is reported by its worker, against the real binary.
@Suite("grove serve: tasks that escape the scope tree")
struct EscapedTaskTests {
    @Test("/lab/leak-task: the worker logs the escaped task with the scope that started it, and the total when it stops")
    func leakedTaskIsReported() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--enable-lab-faults", "--graceful-timeout", "2"])
        defer { grove.terminate() }
        // Ordinary requests stay on the loop, and so does the demo's own work: its timers, its
        // background jobs and myapp-b's swift-service-lifecycle exporter (which exports every
        // 5 s; waited for so that a cycle of it is covered). Nothing is reported.
        try await expectServing(port: port, requests: 5)
        #expect(try await HTTPProbe.fetch(port: port, "/lab/sleep?ms=5").status == 200)
        try await Task.sleep(for: .milliseconds(5_500))
        #expect(!grove.lines.contains { $0.contains("escaped the event loop") }, "\(grove.transcript)")

        #expect(try await HTTPProbe.fetch(port: port, "/lab/leak-task?ms=50").status == 200)
        let line = try await grove.waitForLine(containing: "scope=root/apps/lab/handlers")
        #expect(line.contains("task escaped the event loop"))
        try await expectServing(port: port, requests: 3)

        grove.send(SIGTERM)
        _ = try await grove.waitForExit(timeout: .seconds(10))
        // The leak is the only escape, during the stop as before it.
        let escapes = grove.lines.filter { $0.contains("task escaped the event loop:") }
        #expect(escapes.count == 1, "\(grove.transcript)")
        let total = try #require(grove.lines.first { $0.contains("tasks escaped the event loop while serving") }, "\(grove.transcript)")
        #expect(total.contains("escapes=1"), "\(grove.transcript)")
    }
}

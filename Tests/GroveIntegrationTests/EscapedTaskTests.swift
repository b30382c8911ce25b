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
        // Ordinary requests stay on the loop: nothing is reported from the lab's scopes. (Other
        // applications' work may be: myapp-b runs a swift-service-lifecycle service whose
        // graceful-shutdown machinery starts plain tasks of its own, and the monitor counts
        // every job the loop thread sends to the global executor.)
        try await expectServing(port: port, requests: 5)
        #expect(try await HTTPProbe.fetch(port: port, "/lab/sleep?ms=5").status == 200)
        #expect(!grove.lines.contains { $0.contains("escaped the event loop") && $0.contains("scope=root/apps/lab") },
                "\(grove.transcript)")

        #expect(try await HTTPProbe.fetch(port: port, "/lab/leak-task?ms=50").status == 200)
        let line = try await grove.waitForLine(containing: "scope=root/apps/lab/handlers")
        #expect(line.contains("task escaped the event loop"))
        try await expectServing(port: port, requests: 3)

        grove.send(SIGTERM)
        _ = try await grove.waitForExit(timeout: .seconds(10))
        // The stop may add escapes of its own (swift-service-lifecycle's graceful-shutdown
        // handlers start plain tasks, and the demo runs such a service): the total counts
        // every escape the worker logged one by one.
        let escapes = grove.lines.filter { $0.contains("task escaped the event loop:") }
        let total = try #require(grove.lines.first { $0.contains("tasks escaped the event loop while serving") }, "\(grove.transcript)")
        #expect(total.contains("escapes=\(escapes.count)"), "\(grove.transcript)")
    }
}

import GroveHTTP
import GroveLoop
import TaskScopes
import Synchronization
import Testing

@Suite("Draining")
struct HTTPDrainTests {
    @Test("drain: idle connections close, in-flight requests finish with Connection: close, listener closes")
    func drain() async throws {
        let server = try await TestServer(
            applications: [TestApplications.main()],
            configuration: HTTPServerConfiguration(drainIdleGrace: .milliseconds(50), timerResolution: .milliseconds(10))
        )
        let outcome = try await server.withClient { loop, port -> (idleClosed: Bool, inFlight: RawResponse?, refused: Bool, report: ShutdownReport) in
            let idle = try await TestClient.connect(loop: loop, port: port)
            defer { idle.close() }
            try await idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await idle.response()
            let busy = try await TestClient.connect(loop: loop, port: port)
            defer { busy.close() }
            try await busy.send("GET /sleep?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n")
            try await loop.clock.sleep(for: .milliseconds(80))  // the idle one is past the grace
            let shutdown = server.beginShutdown()
            let idleClosed = try await idle.closedByServer()
            let inFlight = try await busy.response()
            let report = await shutdown.value
            var refused = false
            do {
                let late = try await TestClient.connect(loop: loop, port: port)
                late.close()
            } catch {
                refused = true
            }
            return (idleClosed, inFlight, refused, report)
        }
        server.thread.shutdown()
        #expect(outcome.idleClosed)
        #expect(outcome.inFlight?.status == 200)
        #expect(outcome.inFlight?.bodyText == "slept 300")
        #expect(outcome.inFlight?.closes == true)
        #expect(outcome.refused, "the listener still accepted after the drain")
        #expect(outcome.report.isClean, "\(outcome.report)")
    }

    @Test("a drain waits for a connection without a task inside its grace: a request sent then (immediate or not) is answered with Connection: close",
          arguments: [("/now", "now"), ("/sleep?ms=10", "slept 10")])
    func drainWaitsForConnectionsWithoutTask(target: String, expectedBody: String) async throws {
        let server = try await TestServer(
            applications: [TestApplications.main(), TestApplications.immediate()],
            configuration: HTTPServerConfiguration(drainIdleGrace: .seconds(2), timerResolution: .milliseconds(10))
        )
        let outcome = try await server.withClient { loop, port -> (finishedEarly: Bool, response: RawResponse?, closed: Bool, report: ShutdownReport) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await client.response()
            let shutdown = server.beginShutdown()
            let finished = FinishedFlag()
            let watch = Task {
                _ = await shutdown.value
                finished.value.withLock { $0 = true }
            }
            // Idle, but inside the grace: the worker must not finish its shutdown under it.
            try await loop.clock.sleep(for: .milliseconds(250))
            let finishedEarly = finished.value.withLock { $0 }
            try await client.send("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try await client.response()
            let closed = try await client.closedByServer()
            await watch.value
            return (finishedEarly, response, closed, await shutdown.value)
        }
        server.thread.shutdown()
        #expect(!outcome.finishedEarly, "the shutdown finished while a connection was inside its grace")
        #expect(outcome.response?.status == 200)
        #expect(outcome.response?.bodyText == expectedBody)
        #expect(outcome.response?.closes == true)
        #expect(outcome.closed)
        #expect(outcome.report.isClean, "\(outcome.report)")
    }
}

/// A flag another task sets.
private final class FinishedFlag: Sendable {
    let value = Mutex(false)
}

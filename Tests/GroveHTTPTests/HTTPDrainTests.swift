import GroveHTTP
import GroveLoop
import TaskScopes
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
}

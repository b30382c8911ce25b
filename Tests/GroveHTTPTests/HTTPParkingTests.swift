import GroveHTTP
import GroveLoop
import TaskScopes
import Testing

/// Idle keep-alive connections give up their task after `idleParkDelay` and are served again
/// by a new one when their next request arrives.
@Suite("Parking idle connections")
struct HTTPParkingTests {
    static let configuration = HTTPServerConfiguration(
        idleTimeout: .seconds(5), drainIdleGrace: .milliseconds(20), timerResolution: .milliseconds(10),
        idleParkDelay: .milliseconds(50)
    )

    /// The tasks of `root/http/connections` (the connections, plus the scope's own drain task),
    /// read on the server's loop.
    static func connectionTasks(_ server: TestServer) async throws -> Int {
        let root = server.root
        return try await server.thread.submit {
            root.children.first { $0.name == "http" }?.children.first { $0.name == "connections" }?.activeTaskCount ?? -1
        }
    }

    /// The server's open connections, read on its loop (the count is loop-thread state).
    static func openConnections(_ server: TestServer) async throws -> Int {
        let http = server.server
        return try await server.thread.submit { http.connectionCount }
    }

    /// Waits (bounded) until `count` connections are open and none has a task: only the
    /// connections scope's drain task is left. True when that happened.
    static func waitUntilParked(_ server: TestServer, open count: Int, loop: EventLoop) async throws -> Bool {
        for _ in 0..<250 {
            if try await connectionTasks(server) == 1, try await openConnections(server) == count { return true }
            try await loop.clock.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("an idle keep-alive connection parks without a task, then is served again on the same connection")
    func parkedConnectionIsServedAgain() async throws {
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.configuration)
        let outcome = try await server.withClient { loop, port -> (busy: Int, parked: Int, open: Int, second: RawResponse?, third: RawResponse?) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            // While a request is in flight the connection has its task.
            try await client.send("GET /sleep?ms=500 HTTP/1.1\r\nHost: t\r\n\r\n")
            try await loop.clock.sleep(for: .milliseconds(50))
            let busy = try await Self.connectionTasks(server)
            _ = try await client.response()
            // Idle past the park delay (bounded wait: sanitizer builds are slow).
            var parked = try await Self.connectionTasks(server)
            for _ in 0..<250 where parked != 1 {
                try await loop.clock.sleep(for: .milliseconds(20))
                parked = try await Self.connectionTasks(server)
            }
            let open = try await Self.openConnections(server)
            try await client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            let second = try await client.response()
            try await loop.clock.sleep(for: .milliseconds(200))
            // Pipelined requests arriving at once at a parked connection are all answered.
            try await client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await client.response()
            let third = try await client.response()
            return (busy, parked, open, second, third)
        }
        let report = await server.stop()
        #expect(outcome.busy == 2, "the connection's task and the drain task")
        #expect(outcome.parked == 1, "only the drain task while the connection is parked")
        #expect(outcome.open == 1, "the parked connection is still open and registered")
        #expect(outcome.second?.status == 200)
        #expect(outcome.third?.status == 200)
        #expect(report.isClean, "\(report)")
    }

    @Test("a parked connection closes at the idle timeout, and when the client leaves")
    func parkedConnectionCloses() async throws {
        var configuration = Self.configuration
        configuration.idleTimeout = .milliseconds(300)
        let server = try await TestServer(applications: [TestApplications.main()], configuration: configuration)
        let outcome = try await server.withClient { loop, port -> (timedOut: Bool, parked: Bool, openAfterLeave: Int) in
            let idle = try await TestClient.connect(loop: loop, port: port)
            defer { idle.close() }
            try await idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await idle.response()
            let timedOut = try await idle.closedByServer()
            let leaving = try await TestClient.connect(loop: loop, port: port)
            try await leaving.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await leaving.response()
            let parked = try await Self.waitUntilParked(server, open: 1, loop: loop)
            leaving.close()
            var open = try await Self.openConnections(server)
            for _ in 0..<250 where open != 0 {
                try await loop.clock.sleep(for: .milliseconds(20))
                open = try await Self.openConnections(server)
            }
            return (timedOut, parked, open)
        }
        let report = await server.stop()
        #expect(outcome.timedOut)
        #expect(outcome.parked, "the leaving client's connection parked before it left")
        #expect(outcome.openAfterLeave == 0)
        #expect(report.isClean, "\(report)")
    }

    @Test("a drain closes parked connections and the shutdown is clean")
    func drainClosesParkedConnections() async throws {
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.configuration)
        let outcome = try await server.withClient { loop, port -> (parked: Bool, closed: Bool, report: ShutdownReport) in
            let idle = try await TestClient.connect(loop: loop, port: port)
            defer { idle.close() }
            try await idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await idle.response()
            let parked = try await Self.waitUntilParked(server, open: 1, loop: loop)
            let shutdown = server.beginShutdown()
            let closed = try await idle.closedByServer()
            return (parked, closed, await shutdown.value)
        }
        server.thread.shutdown()
        #expect(outcome.parked, "the connection parked before the drain")
        #expect(outcome.closed)
        #expect(outcome.report.isClean, "\(outcome.report)")
    }
}

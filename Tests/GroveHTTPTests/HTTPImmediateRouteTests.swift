import GroveHTTP
import GroveLoop
import TaskScopes
import Testing

/// Immediate routes: requests answered in the loop's read callback, without a task, until a
/// request needs one.
@Suite("Immediate routes")
struct HTTPImmediateRouteTests {
    func server() async throws -> TestServer {
        try await TestServer(applications: [TestApplications.main(), TestApplications.immediate()],
                             configuration: HTTPParkingTests.configuration)
    }

    @Test("a connection whose requests are all immediate never has a task; a pipelined async request gets one, in order")
    func servedWithoutTask() async throws {
        let server = try await server()
        let outcome = try await server.withClient { loop, port -> (tasks: Int, sequential: [String], pipelined: [String]) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var sequential: [String] = []
            for id in 1...3 {
                try await client.send("GET /now/users/\(id) HTTP/1.1\r\nHost: t\r\n\r\n")
                sequential.append(try await client.response()?.bodyText ?? "none")
            }
            let tasks = try await HTTPParkingTests.connectionTasks(server)
            try await client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\nGET /sleep?ms=20 HTTP/1.1\r\nHost: t\r\n\r\n"
                                  + "GET /now/users/9 HTTP/1.1\r\nHost: t\r\n\r\nGET /users/4 HTTP/1.1\r\nHost: t\r\n\r\n")
            var pipelined: [String] = []
            for _ in 0..<4 { pipelined.append(try await client.response()?.bodyText ?? "none") }
            return (tasks, sequential, pipelined)
        }
        let report = await server.stop()
        #expect(outcome.sequential == ["now user 1", "now user 2", "now user 3"])
        #expect(outcome.tasks == 1, "only the connections scope's drain task")
        #expect(outcome.pipelined == ["now", "slept 20", "now user 9", "user 4"])
        #expect(report.isClean, "\(report)")
    }

    @Test("requests with methods outside the known codes reach their own routes over the socket; another gets 405 naming them")
    func otherMethodsOverTheSocket() async throws {
        let server = try await server()
        let responses = try await server.withClient { loop, port -> [RawResponse] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            return try await client.responses(to: ["PURGE", "LOCK", "UNLOCK"].map { "\($0) /now/cache HTTP/1.1\r\nHost: t\r\n\r\n" })
        }
        _ = await server.stop()
        #expect(responses.map(\.status) == [200, 200, 405])
        #expect(responses.prefix(2).map(\.bodyText) == ["purged", "locked"])
        #expect(responses.last?.field("Allow") == "PURGE, LOCK")
    }

    @Test("a body, HEAD and a streamed answer on immediate routes; the connection stays usable")
    func bodiesHeadAndStreams() async throws {
        let server = try await server()
        let responses = try await server.withClient { loop, port -> [RawResponse] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var responses: [RawResponse] = []
            try await client.send("POST /now/length HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
            if let response = try await client.response() { responses.append(response) }
            try await client.send("HEAD /now HTTP/1.1\r\nHost: t\r\n\r\n")
            if let response = try await client.response(headRequest: true) { responses.append(response) }
            try await client.send("GET /now/stream HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\n\r\n")
            for _ in 0..<2 { if let response = try await client.response() { responses.append(response) } }
            return responses
        }
        await server.stop()
        #expect(responses.map(\.status) == [200, 200, 200, 200])
        #expect(responses.first?.bodyText == "expected 5")
        #expect(responses.count == 4 && responses[1].body.isEmpty && responses[1].field("Content-Length") == "3")
        #expect(responses.count == 4 && responses[2].field("Transfer-Encoding") == "chunked" && responses[2].bodyText == "a\nb\n")
        #expect(responses.last?.bodyText == "now")
    }

    @Test("pipelined answers larger than the socket takes at once all arrive, in order")
    func largePipelinedAnswers() async throws {
        let server = try await server()
        let sizes = try await server.withClient { loop, port -> [Int] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            let count = 60
            var requests = ""
            for index in 0..<count { requests += "GET /now/big?bytes=\(200_000 + index) HTTP/1.1\r\nHost: t\r\n\r\n" }
            try await client.send(requests)
            // Not reading for a while fills the socket: the server must queue and resume.
            try await loop.clock.sleep(for: .milliseconds(100))
            var sizes: [Int] = []
            for _ in 0..<count { sizes.append(try await client.response()?.body.count ?? -1) }
            return sizes
        }
        await server.stop()
        #expect(sizes == (0..<60).map { 200_000 + $0 })
    }

    @Test("a client that half-closes after pipelining gets every answer, even when they queue")
    func halfCloseAfterPipelining() async throws {
        let server = try await server()
        let sizes = try await server.withClient { loop, port -> [Int] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var requests = ""
            for _ in 0..<30 { requests += "GET /now/big?bytes=100000 HTTP/1.1\r\nHost: t\r\n\r\n" }
            try await client.send(requests)
            try await client.shutdownWrite()
            try await loop.clock.sleep(for: .milliseconds(100))  // the EOF is read while answers queue
            var sizes: [Int] = []
            while let response = try await client.response() { sizes.append(response.body.count) }
            return sizes
        }
        await server.stop()
        #expect(sizes == Array(repeating: 100_000, count: 30))
    }

    @Test("a malformed request on a fresh connection gets its 4xx and a close without a task")
    func malformedWithoutTask() async throws {
        let server = try await server()
        let (status, closed) = try await server.withClient { loop, port -> (Int, Bool) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET /now HTTP/1.1\r\nHost: t\r\n\r\nGET /now HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n")
            _ = try await client.response()
            let status = try await client.response()?.status ?? 0
            return (status, try await client.closedByServer())
        }
        await server.stop()
        #expect(status == 400)
        #expect(closed)
    }

    @Test("a shutdown that runs out of time closes a connection whose answers the client does not read")
    func forcedCloseWithPendingWrite() async throws {
        let server = try await TestServer(
            applications: [TestApplications.immediate()],
            configuration: HTTPServerConfiguration(timerResolution: .milliseconds(10)),
            scopeOptions: ScopeOptions(gracefulTimeout: .milliseconds(200), forcedTimeout: .milliseconds(200))
        )
        let (closed, report) = try await server.withClient { loop, port -> (Bool, ShutdownReport) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var requests = ""
            for _ in 0..<40 { requests += "GET /now/big?bytes=500000 HTTP/1.1\r\nHost: t\r\n\r\n" }
            try await client.send(requests)
            // The client reads nothing: the server's write stays queued until the drain gives up.
            try await loop.clock.sleep(for: .milliseconds(100))
            let report = await server.beginShutdown(within: .seconds(5)).value
            return (try await client.discardUntilClosed(within: .seconds(10)), report)
        }
        server.thread.shutdown()
        #expect(closed, "the connection was left open")
        // The drain task waited for the connection until the forced phase, then closed it.
        let connections = report.report(for: "root/http/connections")
        #expect(connections?.phaseReached == .forced, "\(report)")
        #expect(connections?.lingering.contains { $0.taskName == "drain" } == true, "\(report)")
    }
}

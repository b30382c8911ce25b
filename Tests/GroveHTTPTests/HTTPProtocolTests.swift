import GroveHTTP
import GroveLoop
import Testing

@Suite("HTTP/1.1 over real sockets")
struct HTTPProtocolTests {
    func server(_ configuration: HTTPServerConfiguration = HTTPServerConfiguration()) async throws -> TestServer {
        try await TestServer(applications: [TestApplications.main(), TestApplications.other(), TestApplications.immediate()],
                             configuration: configuration)
    }

    @Test("keep-alive: several requests on one connection")
    func keepAlive() async throws {
        let server = try await server()
        let responses = try await server.withClient { loop, port -> [RawResponse] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            return try await client.responses(to: Array(repeating: "GET / HTTP/1.1\r\nHost: t\r\n\r\n", count: 3))
        }
        await server.stop()
        #expect(responses.count == 3)
        #expect(responses.allSatisfy { $0.status == 200 && $0.bodyText == "hello" && !$0.closes })
        #expect(responses.allSatisfy { $0.field("Date")?.hasSuffix("GMT") == true })
    }

    @Test("pipelining: responses come in request order")
    func pipelining() async throws {
        let server = try await server()
        let bodies = try await server.withClient { loop, port -> [String] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET /users/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /sleep?ms=20 HTTP/1.1\r\nHost: t\r\n\r\nGET /users/3 HTTP/1.1\r\nHost: t\r\n\r\n")
            var bodies: [String] = []
            for _ in 0..<3 { bodies.append(try await client.response()?.bodyText ?? "none") }
            return bodies
        }
        await server.stop()
        #expect(bodies == ["user 1", "slept 20", "user 3"])
    }

    @Test("chunked request body in, content-length out; fixed body in")
    func chunkedIn() async throws {
        let server = try await server()
        let (chunked, fixed) = try await server.withClient { loop, port -> (String, String) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            try await loop.clock.sleep(for: .milliseconds(10))
            try await client.send("7;ext=1\r\n, world\r\n0\r\n\r\n")
            let chunked = try await client.response()?.bodyText ?? ""
            try await client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nabcd")
            let fixed = try await client.response()?.bodyText ?? ""
            return (chunked, fixed)
        }
        await server.stop()
        #expect(chunked == "hello, world")
        #expect(fixed == "abcd")
    }

    @Test("streamed response goes out chunked; HTTP/1.0 gets it raw and closed; HEAD gets no body")
    func chunkedOut() async throws {
        let server = try await server()
        let (http11, http10, head) = try await server.withClient { loop, port -> (RawResponse?, RawResponse?, RawResponse?) in
            let first = try await TestClient.connect(loop: loop, port: port)
            defer { first.close() }
            try await first.send("GET /stream?chunks=4 HTTP/1.1\r\nHost: t\r\n\r\n")
            let http11 = try await first.response()
            let second = try await TestClient.connect(loop: loop, port: port)
            defer { second.close() }
            try await second.send("GET /stream?chunks=2 HTTP/1.0\r\n\r\n")
            let http10 = try await second.response()
            try await first.send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET /users/9 HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try await first.response(headRequest: true)
            let after = try await first.response()
            #expect(after?.bodyText == "user 9", "the HEAD response carried a body")
            return (http11, http10, head)
        }
        await server.stop()
        #expect(http11?.field("Transfer-Encoding") == "chunked")
        #expect(http11?.bodyText == "chunk 0\nchunk 1\nchunk 2\nchunk 3\n")
        #expect(http10?.field("Transfer-Encoding") == nil)
        #expect(http10?.bodyText == "chunk 0\nchunk 1\n")
        #expect(head?.status == 200)
        #expect(head?.field("Content-Length") == "5")
    }

    @Test("Expect: 100-continue gets 100 before the body is sent")
    func expectContinue() async throws {
        let server = try await server()
        let (interim, final) = try await server.withClient { loop, port -> (Int?, String?) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n")
            let interim = try await client.response()?.status
            try await client.send("xyz")
            return (interim, try await client.response()?.bodyText)
        }
        await server.stop()
        #expect(interim == 100)
        #expect(final == "xyz")
    }

    @Test("a body the handler does not read is skipped and the connection stays usable")
    func unreadBody() async throws {
        let server = try await server()
        let bodies = try await server.withClient { loop, port -> [String] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("POST /ignore-body HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            return [try await client.response()?.bodyText ?? "", try await client.response()?.bodyText ?? ""]
        }
        await server.stop()
        #expect(bodies == ["ignored", "hello"])
    }

    @Test("routing: mounts, parameters, 404 and 405 with Allow")
    func routing() async throws {
        let server = try await server()
        let responses = try await server.withClient { loop, port -> [RawResponse] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var responses: [RawResponse] = []
            for target in ["/other", "/other/where", "/otherwise", "/users/7", "/nope", "/other/where?a=1&b",
                           "/other//where/?", "/other?x", "/now/missing?q"] {
                try await client.send("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
                responses.append(try await client.response()!)
            }
            try await client.send("DELETE /echo HTTP/1.1\r\nHost: t\r\n\r\n")
            responses.append(try await client.response()!)
            return responses
        }
        await server.stop()
        #expect(responses.map(\.status) == [200, 200, 404, 200, 404, 200, 200, 200, 404, 405])
        #expect(responses[0].bodyText == "other root")
        #expect(responses[1].bodyText == "other at /where query none")
        #expect(responses[3].bodyText == "user 7")
        // The path is below the mount point, as sent (empty segments kept); the query follows `?`.
        #expect(responses[5].bodyText == "other at /where query 'a=1&b'")
        #expect(responses[6].bodyText == "other at //where/ query ''")
        #expect(responses[7].bodyText == "other root")
        // A 404 names the whole path, mount point included, without the query.
        #expect(responses[2].bodyText == "no route for GET /otherwise\n")
        #expect(responses[8].bodyText == "no route for GET /now/missing\n")
        #expect(responses[9].field("Allow") == "POST")
    }

    /// Where the asynchronous and the immediate test routes are mounted, and their handlers scope.
    static let errorRoutes = [("", "root/apps/main/handlers"), ("/now", "root/apps/now/handlers")]

    @Test("a handler error (async or immediate) becomes 500 (or its HTTPError status) and the worker lives on",
          arguments: errorRoutes)
    func errors(prefix: String, handlersPath: String) async throws {
        let server = try await server()
        let statuses = try await server.withClient { loop, port -> [Int] in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            var statuses: [Int] = []
            for target in ["\(prefix)/throw", "\(prefix)/teapot", prefix.isEmpty ? "/" : prefix] {
                try await client.send("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
                statuses.append(try await client.response()?.status ?? 0)
            }
            return statuses
        }
        let snapshot = server.root.snapshot()
        await server.stop()
        #expect(statuses == [500, 418, 200])
        let handlers = snapshot.find(path: handlersPath)
        // The HTTPError is an answer; only the thrown BoomError is a failure of the task.
        #expect(handlers?.spawned == 3)
        #expect(handlers?.failed == 1)
        #expect(handlers?.succeeded == 2)
    }

    @Test("a header value with CR LF set by a handler cannot inject a header")
    func headerInjection() async throws {
        let server = try await server()
        let response = try await server.withClient { loop, port -> RawResponse? in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET /inject HTTP/1.1\r\nHost: t\r\n\r\n")
            return try await client.response()
        }
        await server.stop()
        #expect(response?.field("Set-Cookie") == nil)
        #expect(response?.field("X-Inject")?.contains("stolen") == true)
        #expect(response?.bodyText == "injected?")
    }

    @Test("HTTP/1.0 closes after the response unless keep-alive was asked for")
    func http10() async throws {
        let server = try await server()
        let (closed, keptAlive) = try await server.withClient { loop, port -> (Bool, Bool) in
            let plain = try await TestClient.connect(loop: loop, port: port)
            defer { plain.close() }
            try await plain.send("GET / HTTP/1.0\r\n\r\n")
            let first = try await plain.response()
            let serverClosed = try await plain.closedByServer()
            let closed = first?.closes == true && serverClosed
            let kept = try await TestClient.connect(loop: loop, port: port)
            defer { kept.close() }
            try await kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let echoed = try await kept.response()?.field("Connection")
            #expect(echoed == "keep-alive")
            try await kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            return (closed, try await kept.response()?.status == 200)
        }
        await server.stop()
        #expect(closed)
        #expect(keptAlive)
    }
}

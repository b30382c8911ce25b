import GroveHTTP
import GroveHTTPParser
import GroveLoop
import Testing

@Suite("HTTP limits and timeouts")
struct HTTPLimitTests {
    /// Sends `request` on a fresh connection and returns the status and whether the server
    /// closed the connection afterwards.
    func statusAndClose(_ server: TestServer, _ request: [UInt8]) async throws -> (Int?, Bool) {
        try await server.withClient { loop, port in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send(request)
            let response = try await client.response()
            return (response?.status, try await client.closedByServer())
        }
    }

    func server(_ configuration: HTTPServerConfiguration) async throws -> TestServer {
        try await TestServer(applications: [TestApplications.main()], configuration: configuration)
    }

    @Test("request line 414, headers 431 (size and count), body 413, transfer coding 501, malformed 400")
    func limits() async throws {
        var limits = HTTPParserLimits()
        limits.maxRequestLineLength = 256
        limits.maxHeaderBytes = 1024
        limits.maxHeaderCount = 10
        limits.maxBodySize = 100
        let server = try await server(HTTPServerConfiguration(parserLimits: limits))
        let cases: [(String, Int)] = [
            ("GET /\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: t\r\n" + (0..<20).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n", 413),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n", 400),
        ]
        for (request, expected) in cases {
            let (status, closed) = try await statusAndClose(server, Array(request.utf8))
            #expect(status == expected, "\(request.prefix(60))")
            #expect(closed, "connection left open after \(expected)")
        }
        await server.stop()
    }

    @Test("a slowloris client gets 408 and is closed")
    func headerTimeout() async throws {
        let server = try await server(HTTPServerConfiguration(headerTimeout: .milliseconds(200), timerResolution: .milliseconds(20)))
        let (status, closed) = try await server.withClient { loop, port -> (Int?, Bool) in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET / HTTP/1.1\r\nHo")
            try await loop.clock.sleep(for: .milliseconds(100))
            try await client.send("st: t\r\n")  // still incomplete: the deadline counts from the first byte
            let response = try await client.response()
            return (response?.status, try await client.closedByServer())
        }
        await server.stop()
        #expect(status == 408)
        #expect(closed)
    }

    @Test("a body that stops arriving gets 408 and a close")
    func bodyTimeout() async throws {
        let server = try await server(HTTPServerConfiguration(bodyTimeout: .milliseconds(150), timerResolution: .milliseconds(20)))
        let (status, closed) = try await statusAndClose(server, Array("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc".utf8))
        await server.stop()
        #expect(status == 408)
        #expect(closed)
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let server = try await server(HTTPServerConfiguration(idleTimeout: .milliseconds(150), timerResolution: .milliseconds(20)))
        let closed = try await server.withClient { loop, port -> Bool in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try await client.response()
            return try await client.closedByServer()
        }
        await server.stop()
        #expect(closed)
    }
}

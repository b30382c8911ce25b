import GroveHTTPParser
import HTTPTypes
import Testing

/// A parsed head builds its `HTTPRequest` from a copy of the head's bytes, on the first read.
@Suite struct LazyRequestHeadTests {
    /// Parses the head of `text` from a buffer that is overwritten and freed before returning.
    func headFromAFreedBuffer(_ text: String) -> HTTPRequestHead? {
        var parser = HTTPRequestParser()
        var bytes = Array(text.utf8)
        let event = bytes.withUnsafeBytes { parser.parse($0).event }
        // Scribble over the input: a head that still pointed into it would now read garbage.
        for index in bytes.indices { bytes[index] = UInt8(ascii: "z") }
        guard case .head(let head) = event else { return nil }
        return head
    }

    @Test func theRequestIsBuiltFromACopyOfTheHead() throws {
        let text = "GET /items?id=7 HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: probe\r\n"
            + "Accept: text/plain\r\nX-Trace: \u{E9}t\u{E9}\r\n\r\n"
        let head = try #require(headFromAFreedBuffer(text))
        #expect(head.method == .get)
        #expect(head.path == "/items?id=7")
        let request = head.request
        #expect(request.authority == "example.com:8080")
        #expect(request.headerFields[.userAgent] == "probe")
        #expect(request.headerFields[.accept] == "text/plain")
        #expect(request.headerFields[HTTPField.Name("X-Trace")!] == "\u{E9}t\u{E9}")
        #expect(request.headerFields.count == 3, "Host is the authority, not a field")
    }

    @Test func anAbsoluteFormAuthorityWinsOverHost() throws {
        let head = try #require(headFromAFreedBuffer("GET http://origin.test/a HTTP/1.1\r\nHost: other.test\r\n\r\n"))
        #expect(head.request.authority == "origin.test")
        #expect(head.request.scheme == "http")
        #expect(head.path == "/a")
    }

    @Test func concurrentReadersShareOneRequest() async throws {
        let head = try #require(headFromAFreedBuffer("GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1\r\n\r\n"))
        let requests = await withTaskGroup(of: HTTPRequest.self) { group in
            for _ in 0..<8 { group.addTask { head.request } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(requests.count == 8)
        #expect(requests.allSatisfy { $0 == requests[0] && $0.headerFields[.cookie] == "a=1" })
    }

    @Test func settingTheRequestReplacesMethodAndPath() throws {
        var head = try #require(headFromAFreedBuffer("GET /old HTTP/1.1\r\nHost: x\r\n\r\n"))
        var request = head.request
        request.method = .post
        request.path = "/new"
        head.request = request
        #expect(head.method == .post)
        #expect(head.path == "/new")
        #expect(head.request.authority == "x")
    }

    @Test func headIsKnownFromTheBytesAndFromASetRequest() throws {
        var head = try #require(headFromAFreedBuffer("HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(head.isHeadMethod)
        #expect(try #require(headFromAFreedBuffer("HEADX /a HTTP/1.1\r\nHost: x\r\n\r\n")).isHeadMethod == false)
        #expect(try #require(headFromAFreedBuffer("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")).isHeadMethod == false)
        var request = head.request
        request.method = .get
        head.request = request
        #expect(head.isHeadMethod == false)
        request.method = .head
        head.request = request
        #expect(head.isHeadMethod)
    }
}

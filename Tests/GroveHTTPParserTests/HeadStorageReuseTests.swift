import GroveHTTPParser
import HTTPTypes
import Testing

/// A connection's parser reuses the storage of its last head for the next one, but only when
/// nothing holds that head any more: a head someone kept never changes under them.
@Suite struct HeadStorageReuseTests {
    /// Parses `text`, one whole head, with `parser`.
    func head(_ text: String, with parser: inout HTTPRequestParser) -> HTTPRequestHead? {
        let event = Array(text.utf8).withUnsafeBytes { parser.parse($0).event }
        guard case .head(let head) = event else { return nil }
        _ = parser.finishBodilessMessage()
        return head
    }

    @Test func aKeptHeadKeepsItsMethodPathAndFields() throws {
        var parser = HTTPRequestParser()
        let first = try #require(head("GET /first HTTP/1.1\r\nHost: a.test\r\nX-One: 1\r\n\r\n", with: &parser))
        let second = try #require(head("POST /second HTTP/1.1\r\nHost: b.test\r\nX-Two: 2\r\n\r\n", with: &parser))
        #expect(first.method == .get)
        #expect(first.path == "/first")
        #expect(first.request.authority == "a.test")
        #expect(first.request.headerFields[HTTPField.Name("X-One")!] == "1")
        #expect(second.method == .post)
        #expect(second.path == "/second")
        #expect(second.request.authority == "b.test")
        #expect(second.request.headerFields[HTTPField.Name("X-Two")!] == "2")
    }

    @Test func aReleasedHeadsStorageServesTheNextHeadsOfEveryForm() throws {
        var parser = HTTPRequestParser()
        // Each head is dropped before the next is parsed, so their storage is reused (or
        // replaced by a larger one); what each reads must be its own, built lazily or not.
        let cases: [(text: String, method: HTTPRequest.Method, path: String?, authority: String?, scheme: String?)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", .get, "/", "x", nil),
            ("PURGE /cache/item?v=2 HTTP/1.1\r\nHost: cache.test\r\nX-Long: " + String(repeating: "v", count: 300)
                + "\r\n\r\n", HTTPRequest.Method("PURGE")!, "/cache/item?v=2", "cache.test", nil),
            ("HEAD /h HTTP/1.1\r\nHost: y\r\n\r\n", .head, "/h", "y", nil),
            ("OPTIONS * HTTP/1.1\r\nHost: z\r\n\r\n", .options, "*", "z", nil),
            ("CONNECT proxy.test:443 HTTP/1.1\r\nHost: proxy.test:443\r\n\r\n", .connect, nil, "proxy.test:443", nil),
            ("GET https://origin.test?q=1 HTTP/1.1\r\nHost: other\r\n\r\n", .get, "/?q=1", "origin.test", "https"),
            ("OPTIONS http://origin.test HTTP/1.1\r\nHost: other\r\n\r\n", .options, "*", "origin.test", "http"),
            ("GET http://origin.test HTTP/1.1\r\nHost: other\r\n\r\n", .get, "/", "origin.test", "http"),
            ("DELETE /d HTTP/1.0\r\n\r\n", .delete, "/d", nil, nil),
        ]
        for expected in cases {
            let parsed = try #require(head(expected.text, with: &parser), "\(expected.text)")
            #expect(parsed.method == expected.method, "\(expected.text)")
            #expect(parsed.isHeadMethod == (expected.method == .head), "\(expected.text)")
            #expect(parsed.path == expected.path, "\(expected.text)")
            #expect(parsed.withPathBytes { String(decoding: $0, as: UTF8.self) } == expected.path, "\(expected.text)")
            let request = parsed.request
            #expect(request.method == expected.method, "\(expected.text)")
            #expect(request.path == expected.path, "\(expected.text)")
            #expect(request.authority == expected.authority, "\(expected.text)")
            #expect(request.scheme == expected.scheme, "\(expected.text)")
        }
    }

    @Test func aHeadWhoseRequestWasSetReadsTheSetRequest() throws {
        var parser = HTTPRequestParser()
        var first = try #require(head("GET /old HTTP/1.1\r\nHost: x\r\n\r\n", with: &parser))
        first.request = HTTPRequest(method: .put, scheme: nil, authority: "x", path: "/new")
        _ = try #require(head("GET /other HTTP/1.1\r\nHost: y\r\n\r\n", with: &parser))
        #expect(first.method == .put)
        #expect(first.path == "/new")
        #expect(first.withPathBytes { String(decoding: $0, as: UTF8.self) } == "/new")
    }
}

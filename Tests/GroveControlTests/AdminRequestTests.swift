import Testing
@testable import Grove

@Suite("Admin listener requests")
struct AdminRequestTests {
    @Test("the head ends at the first blank line, CRLF or LF")
    func headEnd() {
        #expect(AdminRequest.headEnd(in: Array("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nrest".utf8)) == 34)
        #expect(AdminRequest.headEnd(in: Array("GET / HTTP/1.0\n\n".utf8)) == 16)
        #expect(AdminRequest.headEnd(in: Array("GET /metrics HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
    }

    @Test("GET /metrics answers the metrics; other paths 404; other methods 405; garbage 400")
    func answers() {
        let metrics = { "grove_x 1\n" }
        let ok = String(decoding: AdminRequest.answer(head: ArraySlice("GET /metrics?x=1 HTTP/1.1\r\n\r\n".utf8), metrics: metrics).bytes, as: UTF8.self)
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(ok.contains("Content-Length: 10\r\n"))
        #expect(ok.hasSuffix("\r\n\r\ngrove_x 1\n"))
        let head = String(decoding: AdminRequest.answer(head: ArraySlice("HEAD /metrics HTTP/1.1\r\n\r\n".utf8), metrics: metrics).bytes, as: UTF8.self)
        #expect(head.hasSuffix("\r\n\r\n"))
        #expect(head.contains("Content-Length: 10\r\n"))
        #expect(AdminRequest.answer(head: ArraySlice("GET / HTTP/1.1\r\n\r\n".utf8), metrics: metrics).status == "404 Not Found")
        #expect(AdminRequest.answer(head: ArraySlice("POST /metrics HTTP/1.1\r\n\r\n".utf8), metrics: metrics).status == "405 Method Not Allowed")
        #expect(AdminRequest.answer(head: ArraySlice("\u{1}\u{2}\r\n\r\n".utf8), metrics: metrics).status == "400 Bad Request")
    }

    @Test("--admin-bind parses HOST:PORT, port 0 included, and refuses unix sockets")
    func adminBind() throws {
        #expect(try AdminBind(parsing: "127.0.0.1:9100").port == 9100)
        #expect(try AdminBind(parsing: "127.0.0.1:0").port == 0)
        #expect(try AdminBind(parsing: "[::1]:9").host == "::1")
        #expect(throws: BindAddressError.self) { try AdminBind(parsing: "unix:/tmp/x") }
        #expect(throws: BindAddressError.self) { try AdminBind(parsing: "nohost") }
    }
}

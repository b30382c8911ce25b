import GroveHTTPParser
import HTTPTypes
import Testing

/// Parses a whole request and returns its events, failing the test on a contract violation.
func events(_ text: String, limits: HTTPParserLimits = HTTPParserLimits()) -> [RecordedEvent] {
    let driver = ParserDriver.run([UInt8](request: text), limits: limits)
    #expect(driver.violations.isEmpty)
    return driver.events
}

/// The single head among `events`, or nil.
func onlyHead(_ events: [RecordedEvent]) -> HeadSummary? {
    let heads = events.compactMap { event -> HeadSummary? in
        if case .head(let head) = event { return head }
        return nil
    }
    return heads.count == 1 ? heads[0] : nil
}

@Suite struct ValidRequestTests {
    @Test func helloWorldGet() throws {
        let recorded = events("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(recorded.count == 2)
        let head = try #require(onlyHead(recorded))
        #expect(head.method == "GET")
        #expect(head.path == "/")
        #expect(head.authority == "x")
        #expect(head.scheme == nil)
        #expect(head.fields.isEmpty, "Host moves to authority")
        #expect(head.version == .http1_1)
        #expect(head.keepAlive)
        #expect(!head.expectContinue)
        #expect(head.framing == HTTPBodyFraming.none)
        #expect(recorded.last == .end(nil))
    }

    @Test func typicalBrowserHeadersKeepOrderAndSpelling() throws {
        let text = "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nuser-agent: curl/8.0\r\n"
            + "Accept: */*\r\nX-Custom-Header:  \t spaced value \t \r\nCookie: a=b; c=d\r\nX-Empty:\r\n\r\n"
        let head = try #require(onlyHead(events(text)))
        #expect(head.path == "/index.html?q=1")
        #expect(head.authority == "example.com")
        #expect(
            head.fields == [
                FieldSummary("User-Agent", "curl/8.0"), FieldSummary("Accept", "*/*"),
                FieldSummary("X-Custom-Header", "spaced value"), FieldSummary("Cookie", "a=b; c=d"),
                FieldSummary("X-Empty", ""),
            ])
    }

    @Test func headRequest() throws {
        let head = try #require(onlyHead(events("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n")))
        #expect(head.method == "HEAD")
    }

    @Test func extensionMethodsAreTokens() throws {
        #expect(try #require(onlyHead(events("M-SEARCH / HTTP/1.1\r\nHost: x\r\n\r\n"))).method == "M-SEARCH")
        #expect(try #require(onlyHead(events("PURGE /a HTTP/1.1\r\nHost: x\r\n\r\n"))).method == "PURGE")
    }

    @Test(arguments: [
        ("HTTP/1.1", "", true),
        ("HTTP/1.1", "Connection: close\r\n", false),
        ("HTTP/1.1", "Connection: Upgrade, CLOSE\r\n", false),
        ("HTTP/1.1", "Connection: keep-alive\r\n", true),
        ("HTTP/1.1", "Connection: te\r\nConnection: close\r\n", false),
        ("HTTP/1.0", "", false),
        ("HTTP/1.0", "Connection: keep-alive\r\n", true),
        ("HTTP/1.0", "Connection: Keep-Alive , foo\r\n", true),
        ("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
        ("HTTP/1.0", "Connection: keep-alivex\r\n", false),
    ])
    func keepAliveRules(version: String, connection: String, keepAlive: Bool) throws {
        let head = try #require(onlyHead(events("GET / \(version)\r\nHost: x\r\n\(connection)\r\n")))
        #expect(head.keepAlive == keepAlive)
        #expect(head.version == (version == "HTTP/1.0" ? .http1_0 : .http1_1))
    }

    @Test func http10NeedsNoHost() throws {
        let head = try #require(onlyHead(events("GET / HTTP/1.0\r\n\r\n")))
        #expect(head.authority == nil)
    }

    @Test(arguments: [
        ("HTTP/1.1", "Expect: 100-continue\r\n", true),
        ("HTTP/1.1", "Expect: 100-Continue\r\n", true),
        ("HTTP/1.1", "Expect: something-else\r\n", false),
        ("HTTP/1.1", "", false),
        ("HTTP/1.0", "Expect: 100-continue\r\n", false),
    ])
    func expectContinue(version: String, expect: String, expected: Bool) throws {
        let text = "POST /up \(version)\r\nHost: x\r\nContent-Length: 3\r\n\(expect)\r\nabc"
        let recorded = events(text)
        let head = try #require(onlyHead(recorded))
        #expect(head.expectContinue == expected)
        #expect(recorded.last == .end(nil))
    }

    @Test func contentLengthBody() throws {
        let recorded = events("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(onlyHead(recorded)?.framing == .contentLength(11))
        #expect(Array(recorded.dropFirst()) == [.body(Array("hello world".utf8)), .end(nil)])
    }

    @Test func zeroContentLengthHasNoBodyEvent() {
        let recorded = events("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(onlyHead(recorded)?.framing == .contentLength(0))
        #expect(recorded.count == 2 && recorded.last == .end(nil))
    }

    @Test func identicalContentLengthsAreAccepted() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\nContent-Length: 02\r\n\r\nok"
        #expect(onlyHead(events(text))?.framing == .contentLength(2))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let text = "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: CHUNKED\r\n\r\n"
            + "5;name=value;flag ; q=\"a \\\"quoted\\\" b\"\r\nhello\r\n"
            + "6 ;x=1\r\n world\r\n"
            + "0;last\r\nX-Checksum: abc\r\nX-Other:  1 \r\n\r\n"
        let recorded = events(text)
        #expect(onlyHead(recorded)?.framing == .chunked)
        #expect(
            Array(recorded.dropFirst()) == [
                .body(Array("hello world".utf8)),
                .end([FieldSummary("X-Checksum", "abc"), FieldSummary("X-Other", "1")]),
            ])
    }

    @Test func chunkedBodyWithoutTrailersEndsWithNil() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n"
        #expect(Array(events(text).dropFirst()) == [.body(Array("0123456789".utf8)), .end(nil)])
    }

    @Test func codingBeforeChunkedIsNotImplemented() {
        let text = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br, chunked\r\n\r\n"
        #expect(events(text).last?.errorStatus == 501)
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        let text = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody"
            + "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
            + "GET /4 HTTP/1.0\r\n\r\n"
        let recorded = events(text)
        let paths = recorded.compactMap { event -> String? in
            if case .head(let head) = event { return head.path }
            return nil
        }
        #expect(paths == ["/1", "/2", "/3", "/4"])
        #expect(recorded.count == 4 + 4 + 2)
        #expect(recorded.filter { $0 == .end(nil) }.count == 4)
        #expect(recorded.contains(.body(Array("body".utf8))))
        #expect(recorded.contains(.body(Array("hi".utf8))))
    }

    @Test func absoluteFormTarget() throws {
        let head = try #require(onlyHead(events("GET http://Example.com:8080/a/b?c=d HTTP/1.1\r\nHost: other\r\n\r\n")))
        #expect(head.scheme == "http")
        #expect(head.authority == "Example.com:8080", "the target's authority wins over Host")
        #expect(head.path == "/a/b?c=d")
        let queryOnly = try #require(onlyHead(events("GET HTTPS://h?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")))
        #expect(queryOnly.scheme == "https")
        #expect(queryOnly.path == "/?x=1")
        let options = try #require(onlyHead(events("OPTIONS http://h:1 HTTP/1.1\r\nHost: h\r\n\r\n")))
        #expect(options.path == "*")
    }

    @Test func asteriskFormTarget() throws {
        let head = try #require(onlyHead(events("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")))
        #expect(head.path == "*")
    }

    @Test func authorityFormForConnect() throws {
        let head = try #require(onlyHead(events("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")))
        #expect(head.path == nil)
        #expect(head.authority == "example.com:443")
    }

    @Test func percentEncodedPathIsKeptVerbatim() throws {
        let head = try #require(onlyHead(events("GET /caf%C3%A9/a%20b?q=%2F HTTP/1.1\r\nHost: x\r\n\r\n")))
        #expect(head.path == "/caf%C3%A9/a%20b?q=%2F")
    }

    @Test func leadingEmptyLinesAreIgnored() throws {
        let recorded = events("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try #require(onlyHead(recorded)).path == "/")
    }

    @Test func hostForms() throws {
        #expect(try #require(onlyHead(events("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"))).authority == "[::1]:8080")
        #expect(try #require(onlyHead(events("GET / HTTP/1.1\r\nHost:\r\n\r\n"))).authority == "")
    }

    @Test func obsTextInValuesIsAccepted() {
        let bytes = [UInt8](request: "GET / HTTP/1.1\r\nHost: x\r\nX-Latin: caf") + [0xE9] + [UInt8](request: "\r\n\r\n")
        let driver = ParserDriver.run(bytes)
        #expect(driver.events.count == 2)
        #expect(driver.events.last == .end(nil))
    }

    @Test func afterAnErrorTheParserStaysFailed() {
        var parser = HTTPRequestParser()
        let bad = [UInt8](request: "GET / HTTP/9.9\r\n\r\n")
        let good = [UInt8](request: "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = bad.withUnsafeBytes { parser.parse($0) }
        let second = good.withUnsafeBytes { parser.parse($0) }
        guard case .error(let error) = first.event, case .error(let again) = second.event else {
            Issue.record("expected errors, got \(first.event) and \(second.event)")
            return
        }
        #expect(error.status == 505 && again == error)
        #expect(second.consumed == 0)
    }
}

import GroveHTTPParser
import Testing

/// Each limit accepts its exact value and rejects one more, with its own status.
@Suite struct LimitsTests {
    private func lastStatus(_ text: String, _ limits: HTTPParserLimits = HTTPParserLimits()) -> Int? {
        ParserDriver.run([UInt8](request: text), limits: limits).events.last?.errorStatus
    }

    /// A GET whose request line, CRLF included, is `length` bytes long.
    private func requestLine(length: Int) -> String {
        "GET /" + String(repeating: "a", count: length - 16) + " HTTP/1.1\r\n"
    }

    @Test func requestLineLimitIsInclusive() {
        let limits = HTTPParserLimits()
        #expect(lastStatus(requestLine(length: limits.maxRequestLineLength) + "Host: x\r\n\r\n") == nil)
        #expect(lastStatus(requestLine(length: limits.maxRequestLineLength + 1) + "Host: x\r\n\r\n") == 414)
    }

    @Test func headerBytesLimitCountsTheWholeHead() {
        let limits = HTTPParserLimits(maxRequestLineLength: 100, maxHeaderBytes: 100)
        let prefix = "GET / HTTP/1.1\r\nHost: x\r\nX: "
        let fits = prefix + String(repeating: "v", count: 100 - prefix.utf8.count - 4) + "\r\n\r\n"
        #expect(fits.utf8.count == 100)
        #expect(lastStatus(fits, limits) == nil)
        #expect(lastStatus(prefix + String(repeating: "v", count: 100 - prefix.utf8.count - 3) + "\r\n\r\n", limits) == 431)
    }

    @Test func headerCountLimitIsInclusive() {
        let limits = HTTPParserLimits()
        let fields = { (count: Int) in (1..<count).map { "X-\($0): v\r\n" }.joined() }
        #expect(lastStatus("GET / HTTP/1.1\r\nHost: x\r\n" + fields(limits.maxHeaderCount) + "\r\n") == nil)
        #expect(lastStatus("GET / HTTP/1.1\r\nHost: x\r\n" + fields(limits.maxHeaderCount + 1) + "\r\n") == 431)
    }

    @Test func bodyLimitIsInclusive() {
        let limits = HTTPParserLimits(maxBodySize: 10)
        let post = "POST / HTTP/1.1\r\nHost: x\r\n"
        #expect(lastStatus(post + "Content-Length: 10\r\n\r\n0123456789", limits) == nil)
        #expect(lastStatus(post + "Content-Length: 11\r\n\r\n", limits) == 413)
        let chunked = post + "Transfer-Encoding: chunked\r\n\r\n"
        #expect(lastStatus(chunked + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits) == nil)
        #expect(lastStatus(chunked + "5\r\n01234\r\n6\r\n", limits) == 413)
    }

    @Test func chunkExtensionLimitIsInclusive() {
        let limits = HTTPParserLimits(maxChunkExtensionLength: 4)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(lastStatus(chunked + "1;abc\r\nx\r\n0\r\n\r\n", limits) == nil)
        #expect(lastStatus(chunked + "1;abcd\r\nx\r\n0\r\n\r\n", limits) == 400)
    }

    @Test func errorsCarryStatusAndReason() {
        let error = HTTPParseError(.requestLineTooLong)
        #expect(error.status == 414)
        #expect(error.description == "414 request line too long")
        #expect(HTTPParseError(.unsupportedVersion).status == 505)
        #expect(HTTPParseError(.unsupportedTransferEncoding).status == 501)
    }
}

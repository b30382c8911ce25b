import GroveHTTPParser
import Testing

/// Valid samples covering every state of the parser; split anywhere they must parse alike.
let validSamples: [String] = [
    "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    "\r\nGET /a?b=%20 HTTP/1.0\r\nConnection: keep-alive\r\nUser-Agent: t\r\n\r\n",
    "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\nhello world!",
    "POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;a=b;c=\"q\\\"d\"\r\nhello\r\n1 ; e\r\n \r\n5\r\nworld\r\n0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n",
    "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\nGET http://h:8/p HTTP/1.1\r\nHost: h\r\n\r\n"
        + "PUT /u HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
        + "POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
        + "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n",
]

@Suite struct SplitFeedingTests {
    @Test(arguments: validSamples)
    func everySplitPointGivesTheSameEvents(_ text: String) {
        let bytes = [UInt8](request: text)
        let whole = ParserDriver.run(bytes)
        #expect(whole.violations.isEmpty)
        #expect(whole.events.last?.isEnd == true)
        #expect(!whole.events.contains { $0.errorStatus != nil })
        for cut in 1..<bytes.count {
            let split = ParserDriver.run(bytes, cuts: [cut])
            #expect(split.violations.isEmpty)
            #expect(split.events == whole.events, "split at \(cut)")
        }
        for first in stride(from: 1, to: bytes.count, by: 7) {
            for second in stride(from: first + 1, to: bytes.count, by: 5) {
                #expect(ParserDriver.run(bytes, cuts: [first, second]).events == whole.events, "split at \(first), \(second)")
            }
        }
        let bytewise = ParserDriver.byteByByte(bytes)
        #expect(bytewise.violations.isEmpty)
        #expect(bytewise.events == whole.events, "byte by byte")
        #expect(bytewise.unconsumed.isEmpty)
    }

    @Test func incompleteHeadConsumesNothing() {
        var parser = HTTPRequestParser()
        let partial = [UInt8](request: "GET / HTTP/1.1\r\nHost: x\r\n")
        #expect(partial.withUnsafeBytes { parser.parse($0) } == HTTPParseResult(.needMore, consumed: 0))
    }

    /// After `head`, a piece of body must come back at once as a range of that piece.
    @Test(arguments: [
        ("PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", String(repeating: "a", count: 30), 0..<30),
        // Half a chunk: the available data is reported, not held back until the chunk is whole.
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", "a\r\n01234", 3..<8),
    ])
    func bodyStreamsAsItArrives(head: String, piece: String, range: Range<Int>) {
        var parser = HTTPRequestParser()
        let headBytes = [UInt8](request: head)
        #expect(headBytes.withUnsafeBytes { parser.parse($0) }.consumed == headBytes.count)
        let pieceBytes = [UInt8](request: piece)
        #expect(pieceBytes.withUnsafeBytes { parser.parse($0) } == HTTPParseResult(.body(range), consumed: range.upperBound))
    }
}

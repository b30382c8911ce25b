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
        let result = partial.withUnsafeBytes { parser.parse($0) }
        #expect(result.consumed == 0)
        guard case .needMore = result.event else {
            Issue.record("expected needMore, got \(result.event)")
            return
        }
    }

    @Test func contentLengthBodyStreamsAsItArrives() {
        var parser = HTTPRequestParser()
        let head = [UInt8](request: "PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        #expect(head.withUnsafeBytes { parser.parse($0) }.consumed == head.count)
        let part = [UInt8](repeating: 0x61, count: 30)
        let result = part.withUnsafeBytes { parser.parse($0) }
        guard case .body(let range) = result.event else {
            Issue.record("expected body, got \(result.event)")
            return
        }
        #expect(range == 0..<30)
        #expect(result.consumed == 30)
    }

    @Test func chunkedDataStreamsAsItArrives() {
        var parser = HTTPRequestParser()
        let head = [UInt8](request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        let consumedHead = head.withUnsafeBytes { parser.parse($0) }.consumed
        #expect(consumedHead == head.count)
        // Half a chunk: the available data is reported at once, not held back.
        let part = [UInt8](request: "a\r\n01234")
        let result = part.withUnsafeBytes { parser.parse($0) }
        guard case .body(let range) = result.event else {
            Issue.record("expected body, got \(result.event)")
            return
        }
        #expect(range == 3..<8)
        #expect(result.consumed == 8)
    }
}

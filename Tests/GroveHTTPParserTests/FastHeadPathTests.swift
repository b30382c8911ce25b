@testable import GroveHTTPParser
import GroveTestSupport
import HTTPTypes
import Testing

/// The one-pass parser for common heads (``FastHeadParser``) must be invisible: whatever the
/// input, limits and split, a parser that tries it gives the events of one that never does.
@Suite struct FastHeadPathTests {
    /// Requests the fast path takes, and variations around everything it checks.
    static let typical: [String] = [
        "GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n",
        "GET /a/b?c=d&e HTTP/1.1\r\nHost: x\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n",
        "HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n",
        "PUT /u HTTP/1.1\r\nhost: X\r\nX-Empty:\r\nX-Spaces: \t a b \t\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: x\r\nX-Latin: \u{E9}t\u{E9}\r\n\r\n",
        "GET /old HTTP/1.0\r\n\r\n",
        "GET /old HTTP/1.0\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: \r\n\r\n",
        "GET /#frag HTTP/1.1\r\nHost: x\r\n\r\n",
    ]

    /// Heads the fast path must leave to the general one (which may accept or reject them).
    static let leftToTheGeneralPath: [String] = [
        "GET /%41 HTTP/1.1\r\nHost: x\r\n\r\n",
        "DELETE /d HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://h/p HTTP/1.1\r\nHost: h\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na",
        "GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/1.1\r\nX: y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX: a\u{7F}b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n",
        "GET / HTTP/1.2\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
    ]

    /// Parses `input` both ways — whole, and split at `cuts` — and expects the same outcome.
    func expectSameOutcome(_ input: [UInt8], cuts: [Int] = [], limits: HTTPParserLimits = HTTPParserLimits()) {
        let fast = ParserDriver.run(input, cuts: cuts, limits: limits, usesFastPath: true)
        let general = ParserDriver.run(input, cuts: cuts, limits: limits, usesFastPath: false)
        #expect(fast.events == general.events, "input \(String(decoding: input, as: UTF8.self).debugDescription)")
        #expect(fast.violations == general.violations)
        #expect(fast.unconsumed == general.unconsumed)
    }

    @Test func typicalHeadsTakeTheFastPathAndParseAsTheGeneralPathDoes() throws {
        for text in Self.typical {
            var spare: RequestHeadStorage?
            let taken = Array(text.utf8).withUnsafeBytes {
                FastHeadParser.parse($0, limits: HTTPParserLimits(), reusing: &spare) != nil
            }
            #expect(taken, "\(text.debugDescription)")
            expectSameOutcome(Array(text.utf8))
        }
    }

    @Test func unusualHeadsAreLeftToTheGeneralPath() {
        for text in Self.leftToTheGeneralPath {
            var spare: RequestHeadStorage?
            let taken = Array(text.utf8).withUnsafeBytes {
                FastHeadParser.parse($0, limits: HTTPParserLimits(), reusing: &spare) != nil
            }
            #expect(!taken, "\(text.debugDescription)")
            expectSameOutcome(Array(text.utf8))
        }
    }

    @Test func limitsAreJudgedAlikeAtEveryBoundary() {
        for fields in 0...4 {
            let text = "GET /path HTTP/1.1\r\nHost: x\r\n"
                + (0..<fields).map { "X-Field-\($0): value \($0)\r\n" }.joined() + "\r\n"
            let bytes = Array(text.utf8)
            let lineLength = "GET /path HTTP/1.1\r\n".utf8.count
            for count in 1...(fields + 3) {
                expectSameOutcome(bytes, limits: HTTPParserLimits(maxHeaderCount: count))
            }
            for size in (bytes.count - 4)...(bytes.count + 2) {
                expectSameOutcome(bytes, limits: HTTPParserLimits(maxHeaderBytes: size))
            }
            for length in (lineLength - 3)...(lineLength + 2) {
                expectSameOutcome(bytes, limits: HTTPParserLimits(maxRequestLineLength: length))
            }
        }
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func mutatedHeadsParseAlikeBothWays(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let seeds = (Self.typical + Self.leftToTheGeneralPath + validSamples).map { Array($0.utf8) }
            + malformedCorpus.map(\.bytes)
        for _ in 0..<3000 {
            let input = mutate(seeds.randomElement(using: &rng)!, using: &rng)
            expectSameOutcome(input)
            expectSameOutcome(input, cuts: randomCuts(input.count, using: &rng))
        }
    }
}

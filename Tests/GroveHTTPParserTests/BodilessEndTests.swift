import GroveHTTPParser
import Testing

/// `finishBodilessMessage()`: the end of a message without a body, taken without parsing.
@Suite struct BodilessEndTests {
    /// Parses the first event of `text` with `parser`; returns the event and the bytes consumed.
    func parse(_ text: String, _ parser: inout HTTPRequestParser) -> HTTPParseResult {
        Array(text.utf8).withUnsafeBytes { parser.parse($0) }
    }

    @Test func endsABodilessRequestAndTheNextHeadParses() {
        var parser = HTTPRequestParser()
        let first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        guard case .head = parse(first, &parser).event else { Issue.record("no head"); return }
        #expect(!parser.isReadingHead, "the end is still to be taken")
        let ended = parser.finishBodilessMessage()
        let endedAgain = parser.finishBodilessMessage()
        #expect(ended)
        #expect(parser.isReadingHead)
        #expect(!endedAgain, "already ended")
        guard case .head(let next) = parse("GET /b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", &parser).event else {
            Issue.record("the next head did not parse")
            return
        }
        let endedZeroLength = parser.finishBodilessMessage()
        #expect(next.request.path == "/b")
        #expect(endedZeroLength, "Content-Length: 0 has no body either")
    }

    @Test func refusesWhileABodyIsStillToCome() {
        var parser = HTTPRequestParser()
        #expect(parser.isReadingHead)
        guard case .head = parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n", &parser).event else {
            Issue.record("no head")
            return
        }
        #expect(!parser.isReadingHead, "a body is to come")
        let ended = parser.finishBodilessMessage()
        #expect(!ended)
        guard case .body(let range) = parse("abc", &parser).event else { Issue.record("the body did not follow"); return }
        #expect(range == 0..<3)
    }
}

@testable import GroveHTTPParser
import Testing

/// Parsers that share a ``HeadStorageSlot`` (a loop's connections) reuse one head storage in
/// turn, and never one a head still holds.
@Suite struct HeadStorageSlotTests {
    func head(_ path: String, with parser: inout HTTPRequestParser) -> HTTPRequestHead? {
        let event = Array("GET \(path) HTTP/1.1\r\nHost: a.test\r\n\r\n".utf8).withUnsafeBytes { parser.parse($0).event }
        guard case .head(let head) = event else { return nil }
        _ = parser.finishBodilessMessage()
        return head
    }

    @Test func theNextParserReusesTheStorageADroppedHeadLeftAndMakesANewOneWhileAHeadHoldsIt() throws {
        let slot = HeadStorageSlot()
        var first = HTTPRequestParser(headStorage: slot)
        var second = HTTPRequestParser(headStorage: slot)
        do {
            let dropped = try #require(head("/a", with: &first))
            #expect(dropped.path == "/a")
        }
        let used = ObjectIdentifier(try #require(slot.storage))

        let kept = try #require(head("/b", with: &second))
        #expect(ObjectIdentifier(try #require(slot.storage)) == used, "the dropped head's storage is reused")

        let later = try #require(head("/c", with: &first))
        #expect(ObjectIdentifier(try #require(slot.storage)) != used, "a held storage is not reused")
        #expect(kept.path == "/b")
        #expect(kept.request.authority == "a.test")
        #expect(later.path == "/c")
    }
}

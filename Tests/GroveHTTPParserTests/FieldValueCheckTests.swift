import GroveHTTPParser
import HTTPTypes
import Testing

/// Field values are checked eight bytes at a time; a bad byte is found at every position of
/// every length, a tab or obs-text anywhere is accepted, and only a bad byte is rejected.
@Suite struct FieldValueCheckTests {
    /// The parser's verdict on a request whose `X-Test` value is `value`: its bytes, or the error.
    func parse(value: [UInt8]) -> Result<[UInt8], HTTPParseError> {
        var parser = HTTPRequestParser()
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Test: ".utf8) + value + Array("\r\n\r\n".utf8)
        switch bytes.withUnsafeBytes({ parser.parse($0).event }) {
        case .head(let head):
            let field = head.request.headerFields[HTTPField.Name("X-Test")!] ?? ""
            return .success(Array(field.utf8))
        case .error(let error):
            return .failure(error)
        default:
            return .success([])
        }
    }

    @Test(arguments: [UInt8(0x00), 0x01, 0x0B, 0x1F, 0x7F])
    func aControlByteIsRejectedAtEveryPosition(bad: UInt8) {
        for length in 1...24 {
            for position in 0..<length {
                var value = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                value[position] = bad
                guard case .failure(let error) = parse(value: value) else {
                    Issue.record("byte \(bad) at \(position) of \(length) was accepted")
                    continue
                }
                #expect(error.code == .invalidHeaderValue, "byte \(bad) at \(position) of \(length)")
            }
        }
    }

    @Test func tabsAndObsTextAreAcceptedAtEveryPosition() {
        for length in 1...24 {
            for position in 1..<max(length - 1, 1) {
                var withTab = [UInt8](repeating: UInt8(ascii: "b"), count: length)
                withTab[position] = 0x09
                #expect((try? parse(value: withTab).get()) == withTab, "tab at \(position) of \(length)")
            }
            for position in 0..<length - 1 {
                // "é" in UTF-8: two obs-text bytes, kept as they came.
                var withLatin = [UInt8](repeating: UInt8(ascii: "c"), count: length)
                withLatin[position] = 0xC3
                withLatin[position + 1] = 0xA9
                #expect((try? parse(value: withLatin).get()) == withLatin, "obs-text at \(position) of \(length)")
            }
        }
    }
}

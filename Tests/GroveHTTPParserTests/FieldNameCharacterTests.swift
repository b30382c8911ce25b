import GroveHTTPParser
import Testing

/// A field name is accepted exactly when every byte is a `tchar` (RFC 9110 §5.6.2), checked for
/// every byte value on both the one-pass path (a whole head) and the general one (byte by byte).
@Suite struct FieldNameCharacterTests {
    static let tchar = Set(Array("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))

    @Test func everyByteValueIsJudgedAsRFC9110Says() {
        // `:` ends the name early and CR or LF end the line: neither is a byte inside a name.
        for byte in UInt8.min...UInt8.max where byte != UInt8(ascii: ":") && byte != 13 && byte != 10 {
            let request = Array("GET / HTTP/1.1\r\nHost: x\r\nX".utf8) + [byte] + Array("Y: v\r\n\r\n".utf8)
            for driver in [ParserDriver.run(request), ParserDriver.byteByByte(request)] {
                let accepted = driver.events.contains { if case .head = $0 { true } else { false } }
                #expect(accepted == Self.tchar.contains(byte), "byte \(byte)")
            }
        }
    }
}

import GroveHTTPParser
import Testing

/// A Host value is accepted exactly when every byte is one an authority may hold: unreserved,
/// sub-delims, `:`, `[`, `]` and `%` (RFC 3986 §3.2), checked here for every byte value.
@Suite struct HostCharacterTests {
    static let allowed = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:[]%".utf8))

    @Test func everyByteValueIsJudgedAsRFC3986Says() {
        for byte in UInt8.min...UInt8.max {
            var parser = HTTPRequestParser()
            let request = Array("GET / HTTP/1.1\r\nHost: a".utf8) + [byte] + Array("b\r\n\r\n".utf8)
            let accepted: Bool
            switch request.withUnsafeBytes({ parser.parse($0).event }) {
            case .head: accepted = true
            default: accepted = false
            }
            #expect(accepted == Self.allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test func aLongAuthorityWithOneBadByteIsRejectedWhereverItIs() {
        let good = Array("sub-domain.example.test:8080".utf8)
        for position in good.indices {
            var bytes = good
            bytes[position] = UInt8(ascii: "@")
            var parser = HTTPRequestParser()
            let request = Array("GET / HTTP/1.1\r\nHost: ".utf8) + bytes + Array("\r\n\r\n".utf8)
            guard case .error(let error) = request.withUnsafeBytes({ parser.parse($0).event }) else {
                Issue.record("@ at \(position) was accepted")
                continue
            }
            #expect(error.code == .invalidHost)
        }
    }
}

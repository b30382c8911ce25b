@testable import GroveHTTPParser
import Testing

/// The word-wise copy the head storage uses copies exactly the bytes asked for, at every length
/// and alignment, and touches nothing around them.
@Suite struct CopyShortTests {
    @Test func everyLengthAndOffsetIsCopiedExactly() {
        let source = (0..<80).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for count in 0...48 {
            for offset in 0..<8 {
                var destination = [UInt8](repeating: 0xEE, count: 80)
                source.withUnsafeBytes { from in
                    destination.withUnsafeMutableBytes { to in
                        ASCII.copyShort(to: to.baseAddress! + offset + 1, from: from.baseAddress! + offset, count: count)
                    }
                }
                let copied = Array(destination[(offset + 1)..<(offset + 1 + count)])
                #expect(copied == Array(source[offset..<(offset + count)]), "count \(count) offset \(offset)")
                let untouched = destination[..<(offset + 1)] + destination[(offset + 1 + count)...]
                #expect(untouched.allSatisfy { $0 == 0xEE }, "count \(count) offset \(offset)")
            }
        }
    }
}

@testable import GroveHTTP
import Testing

@Suite("Output buffer")
struct OutputBufferTests {
    @Test("pieces appended across several growths come out whole and in order")
    func appendsAcrossGrowth() {
        var buffer = OutputBuffer()
        #expect(buffer.count == 0 && buffer.bytes.isEmpty)
        var expected: [UInt8] = []
        for round in 0..<300 {
            let piece = (0..<(round % 37)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ round) }
            buffer.append(array: piece)
            buffer.append(UInt8(truncatingIfNeeded: round))
            expected += piece
            expected.append(UInt8(truncatingIfNeeded: round))
        }
        appendStatic("\r\n", to: &buffer)
        appendUTF8("é and \u{1F333}", to: &buffer)
        expected += Array("\r\né and \u{1F333}".utf8)
        #expect(buffer.capacity >= buffer.count)
        #expect(Array(buffer.bytes) == expected)
        // One piece larger than twice the capacity.
        let large = [UInt8](repeating: 0x5A, count: buffer.capacity * 3)
        buffer.append(array: large)
        #expect(Array(buffer.bytes) == expected + large)
    }

    @Test("removeAll keeps the memory; shrink frees it only past the limit")
    func removeAndShrink() {
        var buffer = OutputBuffer()
        buffer.append(array: [UInt8](repeating: 1, count: 5000))
        let grown = buffer.capacity
        #expect(grown >= 5000)
        buffer.removeAll()
        #expect(buffer.count == 0 && buffer.capacity == grown)
        buffer.append(array: [2, 3])
        buffer.shrink(above: grown)
        #expect(buffer.count == 0 && buffer.capacity == grown)
        buffer.shrink(above: 4096)
        #expect(buffer.count == 0 && buffer.capacity == 0)
        buffer.append(array: [4, 5, 6])
        #expect(Array(buffer.bytes) == [4, 5, 6])
    }
}

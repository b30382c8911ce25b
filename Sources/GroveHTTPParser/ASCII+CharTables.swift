extension ASCII {
    /// One entry per byte value, `1` where ``isTokenChar(_:)`` holds (the same set as its masks).
    @inline(__always)
    private static var tokenCharTable: StaticString {
        "0000000000000000000000000000000001011111001101101111111111000000011111111111111111111111111000111111111111111111111111111110101000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }

    /// ``isTokenChar(_:)`` as one table lookup, for loops that also look for a delimiter.
    @inline(__always)
    static func isTokenCharByTable(_ byte: UInt8) -> Bool {
        tokenCharTable.utf8Start[Int(byte)] & 1 != 0
    }

    /// One entry per byte value, `1` where ``isHostChar(_:)`` holds (the same set as its masks).
    @inline(__always)
    private static var hostCharTable: StaticString {
        "0000000000000000000000000000000001001111111111101111111111110100011111111111111111111111111101010111111111111111111111111110001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }

    /// Whether every byte of `bytes` is a ``isHostChar(_:)``: a table lookup per byte, folded
    /// without branches (the table's `0` and `1` differ only in the lowest bit).
    @inline(__always)
    static func allHostChars(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let table = hostCharTable.utf8Start
        var all: UInt8 = 1
        for byte in bytes { all &= table[Int(byte)] }
        return all & 1 != 0
    }
}

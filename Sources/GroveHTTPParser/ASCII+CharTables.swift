extension ASCII {
    // One entry per byte value, `1` where the byte is in the class and `0` where it is not: one
    // load per byte, and the two characters differ only in their lowest bit.

    /// The bytes of ``isTokenChar(_:)``.
    @inline(__always)
    private static var tokenCharTable: StaticString {
        "0000000000000000000000000000000001011111001101101111111111000000011111111111111111111111111000111111111111111111111111111110101000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }

    /// `tchar` of RFC 9110 §5.6.2.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool { byte.isIn(tokenCharTable) }

    /// The bytes of ``isHostChar(_:)``.
    @inline(__always)
    private static var hostCharTable: StaticString {
        "0000000000000000000000000000000001001111111111101111111111110100011111111111111111111111111101010111111111111111111111111110001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    }

    /// Bytes of a Host value or authority: unreserved, sub-delims, `:`, `[`, `]`, `%`.
    @inline(__always)
    static func isHostChar(_ byte: UInt8) -> Bool { byte.isIn(hostCharTable) }

    /// Whether every byte of `bytes` is a ``isHostChar(_:)``, the lookups folded without branches.
    @inline(__always)
    static func allHostChars(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let table = hostCharTable.utf8Start
        var all: UInt8 = 1
        for byte in bytes { all &= table[Int(byte)] }
        return all & 1 != 0
    }
}

extension UInt8 {
    /// Whether this byte's entry in `table` (256 `0`/`1` characters) is `1`.
    @inline(__always)
    fileprivate func isIn(_ table: StaticString) -> Bool {
        table.utf8Start[Int(self)] & 1 != 0
    }
}

extension ASCII {
    /// Copies `count` bytes (not overlapping): up to 32 with a few word moves (overlapping
    /// ones, so any count takes the same steps), more with `memcpy`. The pieces of a request
    /// head are short, and a library call costs more than moving them.
    @inline(__always)
    static func copyShort(to destination: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        func move<Word>(_: Word.Type, at offset: Int) {
            destination.storeBytes(of: source.loadUnaligned(fromByteOffset: offset, as: Word.self),
                                   toByteOffset: offset, as: Word.self)
        }
        switch count {
        case 16...32:
            move(UInt64.self, at: 0)
            move(UInt64.self, at: 8)
            move(UInt64.self, at: count - 16)
            move(UInt64.self, at: count - 8)
        case 8..<16:
            move(UInt64.self, at: 0)
            move(UInt64.self, at: count - 8)
        case 4..<8:
            move(UInt32.self, at: 0)
            move(UInt32.self, at: count - 4)
        case 1..<4:
            move(UInt8.self, at: 0)
            move(UInt8.self, at: count / 2)
            move(UInt8.self, at: count - 1)
        case ...0:
            break
        default:
            destination.copyMemory(from: source, byteCount: count)
        }
    }
}

extension ASCII {
    /// Whether every byte of `value` is a ``isFieldValueChar(_:)``: nil when one is not, else
    /// whether they are all ASCII (no obs-text, so that the value is valid UTF-8 as is).
    ///
    /// Eight bytes are tested at a time (SWAR): a word without bytes below 0x20 or equal to
    /// 0x7F is fine as a whole; a word with one — usually a tab — is looked at byte by byte.
    @inline(__always)
    static func checkFieldValue(_ value: UnsafeRawBufferPointer) -> Bool? {
        var highBits: UInt64 = 0
        var index = 0
        let count = value.count
        if count >= 8, let base = value.baseAddress {
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if mayHoldControlBytes(word) { break }
                highBits |= word
                index += 8
            }
            // The last, partial word is tested as the final eight bytes, overlapping the previous.
            if index < count, index + 8 > count {
                let word = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                if !mayHoldControlBytes(word) {
                    highBits |= word
                    index = count
                }
            }
        }
        var highByteBits: UInt8 = 0
        while index < count {
            let byte = value[index]
            guard isFieldValueChar(byte) else { return nil }
            highByteBits |= byte
            index += 1
        }
        return highBits & 0x8080_8080_8080_8080 == 0 && highByteBits < 0x80
    }

    /// Whether `word` may hold a byte below 0x20 or equal to 0x7F; false means it holds none.
    /// (Bytes of 0x80 and above, obs-text, are never flagged.)
    @inline(__always)
    private static func mayHoldControlBytes(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let belowSpace = (word &- ones &* 0x20) & ~word & highs
        let delete = word ^ (ones &* 0x7F)
        let isDelete = (delete &- ones) & ~delete & highs
        return belowSpace | isDelete != 0
    }
}

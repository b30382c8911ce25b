/// Appending text and numbers to a ``ByteSink``, each piece in one append.

/// Appends the bytes of a literal: no array to retain and release, as a `static let` would be.
@inline(__always)
func appendStatic(_ text: StaticString, to buffer: inout some ByteSink & ~Copyable) {
    buffer.append(bytes: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
}

/// Appends the UTF-8 bytes of `text`, copied in one piece (without an intermediate array when
/// the string stores them contiguously, as native and small strings do).
@inline(__always)
func appendUTF8(_ text: String, to buffer: inout some ByteSink & ~Copyable) {
    withUTF8Bytes(of: text) { buffer.append(bytes: $0) }
}

/// Appends the decimal digits of a non-negative integer (and `\r\n` when asked) in one append.
func appendDecimal(_ value: Int, to buffer: inout some ByteSink & ~Copyable, thenCRLF: Bool = false) {
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { raw in
        var start = raw.count
        if thenCRLF {
            raw[start - 2] = 13
            raw[start - 1] = 10
            start -= 2
        }
        var rest = value
        repeat {
            start -= 1
            raw[start] = UInt8(48 + rest % 10)
            rest /= 10
        } while rest > 0
        buffer.append(bytes: UnsafeRawBufferPointer(rebasing: raw[start...]))
    }
}

/// Appends the lowercase hexadecimal digits of a non-negative integer (chunk sizes) in one append.
func appendHex(_ value: Int, to buffer: inout some ByteSink & ~Copyable) {
    let hexDigits: StaticString = "0123456789abcdef"
    var digits: (UInt64, UInt64) = (0, 0)
    withUnsafeMutableBytes(of: &digits) { raw in
        var start = raw.count
        var rest = UInt(bitPattern: value)
        repeat {
            start -= 1
            raw[start] = hexDigits.utf8Start[Int(rest & 0xF)]
            rest >>= 4
        } while rest > 0
        buffer.append(bytes: UnsafeRawBufferPointer(rebasing: raw[start...]))
    }
}

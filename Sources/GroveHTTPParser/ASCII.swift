#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte constants and character classes of RFC 9110/9112 (the token and host classes are byte
/// tables, in `ASCII+CharTables.swift`).
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let equals: UInt8 = 0x3D
    static let quote: UInt8 = 0x22
    static let backslash: UInt8 = 0x5C
    static let percent: UInt8 = 0x25
    static let slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F
    static let asterisk: UInt8 = 0x2A

    /// SP or HTAB.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// `field-vchar / SP / HTAB / obs-text`: anything but CTLs (except HTAB) and DEL.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte < 0x20 ? byte == tab : byte != 0x7F
    }

    /// Visible ASCII, `0x21...0x7E`: the bytes a request-target may contain.
    @inline(__always)
    static func isVisible(_ byte: UInt8) -> Bool { byte &- 0x21 < 0x5E }

    /// The value of a hexadecimal digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte &- 0x30)
        case 0x41...0x46: Int(byte &- 0x37)
        case 0x61...0x66: Int(byte &- 0x57)
        default: nil
        }
    }

    /// Case-insensitive comparison of `bytes` with a lowercase ASCII literal made of letters,
    /// digits, `-`, `:` and `/`; `bytes` must contain no control characters.
    @inline(__always)
    static func equalsLowercase(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && hasLowercasePrefix(bytes, literal)
    }

    /// Case-sensitive comparison of `bytes` with an ASCII literal.
    @inline(__always)
    static func equalsExactly(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Whether `bytes` starts with `literal`, compared as in ``equalsLowercase(_:_:)``.
    @inline(__always)
    static func hasLowercasePrefix(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard bytes.count >= length else { return false }
        let expected = literal.utf8Start
        for index in 0..<length where bytes[index] | 0x20 != expected[index] {
            return false
        }
        return true
    }

    /// The index of the first `byte` in `buffer[from..<to]`, found with `memchr`.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}

extension ASCII {
    /// The string of `bytes`, which must be valid UTF-8 (the parser passes only ASCII).
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        bytes.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes `range`, rebased so that index 0 is `range.lowerBound`.
    @inline(__always)
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[range])
    }
}

/// Appends payload fields: LEB128 varints (zigzag for signed), booleans, length-prefixed UTF-8 strings.
struct PayloadWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeUnsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func writeSigned(_ value: Int64) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func writeString(_ value: String) {
        let utf8 = value.utf8
        writeUnsigned(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Reads the fields written by ``PayloadWriter``, checking every bound.
struct PayloadReader {
    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    mutating func readUnsigned() throws(ControlProtocolError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.endIndex else {
                throw ControlProtocolError(.truncatedPayload, "varint cut at byte \(index - bytes.startIndex)")
            }
            let byte = bytes[index]
            index += 1
            let bits = UInt64(byte & 0x7F)
            if shift == 63, bits > 1 || byte & 0x80 != 0 {
                throw ControlProtocolError(.integerOutOfRange, "varint longer than 64 bits")
            }
            value |= bits << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func readSigned() throws(ControlProtocolError) -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func readInt() throws(ControlProtocolError) -> Int {
        let value = try readSigned()
        guard let narrowed = Int(exactly: value) else {
            throw ControlProtocolError(.integerOutOfRange, "\(value) does not fit Int")
        }
        return narrowed
    }

    mutating func readInt32() throws(ControlProtocolError) -> Int32 {
        let value = try readSigned()
        guard let narrowed = Int32(exactly: value) else {
            throw ControlProtocolError(.integerOutOfRange, "\(value) does not fit Int32")
        }
        return narrowed
    }

    mutating func readBool() throws(ControlProtocolError) -> Bool {
        guard index < bytes.endIndex else { throw ControlProtocolError(.truncatedPayload, "boolean missing") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case 0: return false
        case 1: return true
        default: throw ControlProtocolError(.invalidBoolean, "boolean byte \(byte)")
        }
    }

    mutating func readString() throws(ControlProtocolError) -> String {
        let length = try readUnsigned()
        let remaining = bytes.endIndex - index
        guard length <= UInt64(remaining) else {
            throw ControlProtocolError(.truncatedPayload, "string of \(length) bytes, \(remaining) left")
        }
        let end = index + Int(length)
        guard let string = String(validating: bytes[index..<end], as: UTF8.self) else {
            throw ControlProtocolError(.invalidUTF8, "string of \(length) bytes")
        }
        index = end
        return string
    }

    func finish() throws(ControlProtocolError) {
        guard index == bytes.endIndex else {
            throw ControlProtocolError(.trailingBytes, "\(bytes.endIndex - index) bytes after the last field")
        }
    }
}

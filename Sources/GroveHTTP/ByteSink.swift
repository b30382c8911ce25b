/// Where encoded bytes go: a connection's ``OutputBuffer`` on the way to the socket, or an
/// array (a prepared response's head, a chunk being framed, a test).
protocol ByteSink: ~Copyable {
    /// Appends `bytes`.
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes)
    }
}

extension ByteSink where Self: ~Copyable {
    /// Appends the bytes of `array`.
    @inline(__always)
    mutating func append(array: [UInt8]) {
        array.withUnsafeBytes { append(bytes: $0) }
    }
}

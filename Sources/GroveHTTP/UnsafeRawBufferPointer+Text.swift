#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` over the UTF-8 bytes of `text`, without copying them when the string stores
/// them contiguously (native and small strings do).
@inline(__always)
func withUTF8Bytes<Result>(of text: some StringProtocol, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
    if let result = try text.utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return try Array(text.utf8).withUnsafeBytes(body)
}

extension UnsafeRawBufferPointer {
    /// Whether these bytes are exactly those of `text`.
    @inline(__always)
    func equals(_ text: String) -> Bool {
        count == text.utf8.count && withUTF8Bytes(of: text) { other in
            count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0
        }
    }
}

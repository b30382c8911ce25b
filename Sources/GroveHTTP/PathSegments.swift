/// The non-empty segments of a path (`/users//42/` → `users`, `42`), read from its bytes
/// without making a string or an array.
struct PathSegments: IteratorProtocol {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    /// The segments of `bytes`: a path without its query.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next segment, or nil after the last.
    mutating func next() -> UnsafeRawBufferPointer? {
        while position < bytes.count, bytes[position] == UInt8(ascii: "/") { position &+= 1 }
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count, bytes[position] != UInt8(ascii: "/") { position &+= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    /// The segments not read yet, joined by single slashes (`a//b/` → `a/b`).
    mutating func rest() -> String {
        var joined: [UInt8] = []
        while let segment = next() {
            if !joined.isEmpty { joined.append(UInt8(ascii: "/")) }
            joined.append(contentsOf: segment)
        }
        return String(decoding: joined, as: UTF8.self)
    }
}

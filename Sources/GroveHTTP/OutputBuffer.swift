/// The bytes of the responses a connection is putting together before one write: memory the
/// connection owns, appended to with one capacity check and one copy per piece.
///
/// An `[UInt8]` pays, on every append, a uniqueness check, a capacity check through its
/// generic path and the bookkeeping of its growth; a response head is built from half a dozen
/// pieces, so that cost showed up per request. The buffer is not copyable, so nothing else can
/// hold its memory, and it frees it when the connection goes.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutableRawPointer?
    /// How many bytes it holds.
    private(set) var count = 0
    /// How many bytes it can hold before it grows.
    private(set) var capacity = 0

    /// An empty buffer, which allocates nothing until the first append.
    init() {}

    deinit { base?.deallocate() }

    /// The bytes appended since the last ``removeAll()``; valid until the next change.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Forgets the bytes and keeps the memory.
    mutating func removeAll() { count = 0 }

    /// Forgets the bytes and frees the memory when it grew past `limit` (one large answer), so
    /// that an idle connection does not keep it.
    mutating func shrink(above limit: Int) {
        count = 0
        guard capacity > limit else { return }
        base?.deallocate()
        base = nil
        capacity = 0
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: 1) }
        base.unsafelyUnwrapped.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Makes room for `extra` more bytes: at least double, and never under 1 KiB.
    @inline(never)
    private mutating func grow(toHold extra: Int) {
        let newCapacity = max(count + extra, capacity * 2, 1024)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            newBase.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = newBase
        capacity = newCapacity
    }
}

extension OutputBuffer: ByteSink {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        let extra = bytes.count
        guard extra > 0 else { return }
        if capacity - count < extra { grow(toHold: extra) }
        (base.unsafelyUnwrapped + count).copyMemory(from: bytes.baseAddress.unsafelyUnwrapped, byteCount: extra)
        count += extra
    }
}

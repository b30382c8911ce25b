/// The unread bytes of one connection: `storage[readerIndex..<writerIndex]`.
///
/// Storage comes from the loop's ``ReadBufferPool`` on demand and goes back when everything was
/// consumed; it grows (up to the connection's limit) only when one message does not fit.
@usableFromInline
struct ReadBuffer {
    @usableFromInline private(set) var storage: UnsafeMutableRawPointer?
    private(set) var capacity = 0
    @usableFromInline private(set) var readerIndex = 0
    @usableFromInline private(set) var writerIndex = 0

    @inlinable
    var readableBytes: Int { writerIndex - readerIndex }

    @inlinable
    var readable: UnsafeRawBufferPointer {
        guard let storage else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: storage + readerIndex, count: readableBytes)
    }

    /// Free space at the end, after taking storage or compacting as needed; empty when the
    /// buffer is full at `limit` bytes.
    mutating func reserveFreeSpace(pool: Unmanaged<ReadBufferPool>, limit: Int) -> UnsafeMutableRawBufferPointer {
        if storage == nil {
            (storage, capacity) = pool._withUnsafeGuaranteedRef { ($0.take(), $0.blockSize) }
        }
        if writerIndex == capacity, readerIndex > 0 {
            let count = readableBytes
            storage!.copyMemory(from: storage! + readerIndex, byteCount: count)
            readerIndex = 0
            writerIndex = count
        }
        if writerIndex == capacity, capacity < limit {
            let grown = min(limit, capacity * 2)
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
            bigger.copyMemory(from: storage!, byteCount: writerIndex)
            let (old, oldCapacity) = (storage!, capacity)
            pool._withUnsafeGuaranteedRef { $0.give(old, capacity: oldCapacity) }
            storage = bigger
            capacity = grown
        }
        return UnsafeMutableRawBufferPointer(start: storage! + writerIndex, count: capacity - writerIndex)
    }

    /// Records `count` bytes written into the space from ``reserveFreeSpace(pool:limit:)``.
    mutating func didWrite(_ count: Int) {
        writerIndex += count
    }

    /// Drops `count` bytes from the front; gives the storage back once nothing is left.
    mutating func consume(_ count: Int, pool: Unmanaged<ReadBufferPool>) {
        precondition(count >= 0 && count <= readableBytes, "consumed \(count) of \(readableBytes) readable bytes")
        readerIndex += count
        if readerIndex == writerIndex { release(to: pool) }
    }

    /// Gives the storage back to the pool and forgets any unread bytes.
    mutating func release(to pool: Unmanaged<ReadBufferPool>) {
        if let storage { pool._withUnsafeGuaranteedRef { [capacity] in $0.give(storage, capacity: capacity) } }
        storage = nil
        capacity = 0
        readerIndex = 0
        writerIndex = 0
    }
}

/// Read buffers shared by the connections of one loop.
///
/// A connection holds a buffer only while it has unread bytes, and gives it back as soon as
/// everything was consumed, so an idle keep-alive connection costs no buffer memory and a busy
/// one reuses the same few blocks instead of allocating per read. Loop thread only.
///
/// The free blocks are a fixed-size stack of pointers: taking and giving happen around every
/// read, and a plain stack does each in a few instructions.
final class ReadBufferPool {
    /// The size of a pooled block.
    let blockSize: Int
    /// Room for `maxPooled` free blocks, the first `freeCount` of which are set.
    private let free: UnsafeMutablePointer<UnsafeMutableRawPointer>
    @exclusivity(unchecked) private var freeCount = 0
    private let maxPooled: Int

    init(blockSize: Int = 16 * 1024, maxPooled: Int = 256) {
        self.blockSize = blockSize
        self.maxPooled = maxPooled
        free = .allocate(capacity: maxPooled)
    }

    deinit {
        for index in 0..<freeCount { free[index].deallocate() }
        free.deallocate()
    }

    /// A block of ``blockSize`` bytes.
    func take() -> UnsafeMutableRawPointer {
        guard freeCount > 0 else { return .allocate(byteCount: blockSize, alignment: 16) }
        freeCount -= 1
        return free[freeCount]
    }

    /// Returns a block taken with ``take()`` (or any block of `capacity` bytes).
    func give(_ block: UnsafeMutableRawPointer, capacity: Int) {
        if capacity == blockSize, freeCount < maxPooled {
            free[freeCount] = block
            freeCount += 1
        } else {
            block.deallocate()
        }
    }
}

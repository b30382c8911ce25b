/// Read buffers shared by the connections of one loop.
///
/// A connection holds a buffer only while it has unread bytes, and gives it back as soon as
/// everything was consumed, so an idle keep-alive connection costs no buffer memory and a busy
/// one reuses the same few blocks instead of allocating per read. Loop thread only.
final class ReadBufferPool {
    /// The size of a pooled block.
    let blockSize: Int
    @exclusivity(unchecked) private var free: [UnsafeMutableRawPointer] = []
    private let maxPooled: Int

    init(blockSize: Int = 16 * 1024, maxPooled: Int = 256) {
        self.blockSize = blockSize
        self.maxPooled = maxPooled
    }

    deinit {
        free.forEach { $0.deallocate() }
    }

    /// A block of ``blockSize`` bytes.
    func take() -> UnsafeMutableRawPointer {
        free.popLast() ?? .allocate(byteCount: blockSize, alignment: 16)
    }

    /// Returns a block taken with ``take()`` (or any block of `capacity` bytes).
    func give(_ block: UnsafeMutableRawPointer, capacity: Int) {
        if capacity == blockSize, free.count < maxPooled {
            free.append(block)
        } else {
            block.deallocate()
        }
    }
}

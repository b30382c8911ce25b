import CLibUV

/// The rest of a write that the kernel did not take at once: a copy of the bytes, the
/// `uv_write_t` and whoever waits for it (a suspended writer or a completion callback).
///
/// libuv holds a retained reference from submission until its callback; the waiter is told
/// exactly once, by the callback or earlier by cancellation.
@usableFromInline
final class WriteRequest: @unchecked Sendable {
    let raw = UVHandle.allocate(uv_write_t.self)
    let bytes: UnsafeMutableRawPointer
    let count: Int
    /// Told the outcome exactly once; nil afterwards.
    var onDone: ((LoopError?) -> Void)?
    private weak var connection: StreamConnection?

    /// Copies `regions` after their first `skip` bytes.
    init(copying regions: [UnsafeRawBufferPointer], skipping skip: Int) {
        let total = regions.reduce(0) { $0 + $1.count } - skip
        count = total
        bytes = .allocate(byteCount: max(total, 1), alignment: 1)
        var toSkip = skip
        var offset = 0
        for region in regions {
            guard region.count > toSkip, let base = region.baseAddress else {
                toSkip -= region.count
                continue
            }
            let part = region.count - toSkip
            (bytes + offset).copyMemory(from: base + toSkip, byteCount: part)
            offset += part
            toSkip = 0
        }
    }

    deinit {
        bytes.deallocate()
        raw.deallocate()
    }

    /// Hands the bytes to `uv_write`; returns its status.
    func submit(on connection: StreamConnection) -> Int32 {
        self.connection = connection
        var buf = uv_buf_init(bytes.assumingMemoryBound(to: CChar.self), UInt32(count))
        let status = uv_write(raw, connection.stream, &buf, 1) { raw, status in
            let request = Unmanaged<WriteRequest>.fromOpaque(raw!.pointee.data!).takeRetainedValue()
            request.connection?.writeCompleted()
            request.resume(with: status < 0 ? LoopError(code: status, operation: "write") : nil)
        }
        if status == 0 {
            raw.pointee.data = Unmanaged.passRetained(self).toOpaque()
        }
        return status
    }

    /// Tells the waiter the outcome unless that already happened; returns whether it did now.
    @discardableResult
    func resume(with error: LoopError?) -> Bool {
        guard let onDone else { return false }
        self.onDone = nil
        onDone(error)
        return true
    }
}

/// A pending half-close (`uv_shutdown`) and the continuation waiting for it.
final class ShutdownRequest: @unchecked Sendable {
    let raw = UVHandle.allocate(uv_shutdown_t.self)
    var continuation: CheckedContinuation<Void, any Error>?

    deinit { raw.deallocate() }

    /// Starts the shutdown; the continuation is resumed with its outcome.
    func submit(on stream: UnsafeMutablePointer<uv_stream_t>) {
        let status = uv_shutdown(raw, stream) { raw, status in
            let request = Unmanaged<ShutdownRequest>.fromOpaque(raw!.pointee.data!).takeRetainedValue()
            request.complete(status: status)
        }
        if status < 0 {
            complete(status: status)
        } else {
            raw.pointee.data = Unmanaged.passRetained(self).toOpaque()
        }
    }

    private func complete(status: Int32) {
        guard let continuation else { return }
        self.continuation = nil
        if status < 0 {
            continuation.resume(throwing: LoopError(code: status, operation: "shutdown"))
        } else {
            continuation.resume()
        }
    }
}

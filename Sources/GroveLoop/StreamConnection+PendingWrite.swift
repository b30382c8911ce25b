import CLibUV

/// The part of a write the kernel did not take at once (see
/// ``StreamConnection/writeWithoutWaiting(_:_:)``): await ``StreamConnection/finish(_:)`` for it.
public struct PendingWrite: Sendable {
    let request: WriteRequest
}

extension StreamConnection {
    /// Writes `head` then `body` (in one system call when possible) without suspending: returns
    /// nil when the kernel took everything, otherwise the queued rest, which the caller must
    /// then ``finish(_:)`` before writing again. The same as ``write(_:_:)`` for a caller that
    /// wants no asynchronous call on the fast path.
    ///
    /// - Throws: ``LoopError`` when the connection is closed or the write failed.
    public func writeWithoutWaiting(_ head: [UInt8], _ body: [UInt8] = []) throws -> PendingWrite? {
        try head.withUnsafeBytes { headBytes in
            try body.withUnsafeBytes { bodyBytes in try writeWithoutWaiting(headBytes, bodyBytes) }
        }
    }

    /// ``writeWithoutWaiting(_:_:)-([UInt8],[UInt8])`` for bytes in memory the caller owns
    /// (such as a buffer it reuses): they are read only during the call, and the rest, if any,
    /// is copied into the pending write.
    ///
    /// - Throws: ``LoopError`` when the connection is closed or the write failed.
    public func writeWithoutWaiting(
        _ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)
    ) throws -> PendingWrite? {
        try startWrite(head, body).map(PendingWrite.init(request:))
    }

    /// ``startWrite(_:)`` for at most two regions, without building arrays for them: the
    /// common response (head and body) costs no allocation unless the kernel leaves a rest.
    func startWrite(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) throws(LoopError) -> WriteRequest? {
        loop.preconditionInLoop("StreamConnection.write")
        if isClosed { throw LoopError.closed("write") }
        let total = first.count + second.count
        if total == 0 { return nil }
        var written = 0
        if !hasPendingWrites {
            var buffers = (Self.buffer(first), Self.buffer(second))
            let count: Int32 = second.isEmpty ? 1 : 2
            written = try withUnsafeMutableBytes(of: &buffers) { raw throws(LoopError) in
                try writeDirectly(raw.baseAddress!.assumingMemoryBound(to: iovec.self), count: count)
            }
            if written == total { return nil }
        }
        return WriteRequest(copying: second.isEmpty ? [first] : [first, second], skipping: written)
    }

    private static func buffer(_ region: UnsafeRawBufferPointer) -> iovec {
        iovec(iov_base: UnsafeMutableRawPointer(mutating: region.baseAddress), iov_len: region.count)
    }

    /// Queues the rest of a write started by ``writeWithoutWaiting(_:_:)`` without a task:
    /// `completion` is called on the loop with nil once the socket took it, or with the error.
    /// Closing the connection first cancels it (the error is then `ECANCELED`).
    public func finish(_ pending: PendingWrite, completion: @escaping (LoopError?) -> Void) {
        pending.request.onDone = completion
        submit(pending.request)
    }

    /// Waits until the socket took the rest of a write started by ``writeWithoutWaiting(_:_:)``.
    /// Cancelling the task closes the connection (the stream is then in an unknown state).
    public func finish(_ pending: PendingWrite) async throws {
        try await finishWrite(pending.request)
    }
}

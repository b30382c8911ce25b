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
        let rest = try head.withUnsafeBytes { headBytes -> WriteRequest? in
            if body.isEmpty { return try startWrite([headBytes]) }
            return try body.withUnsafeBytes { bodyBytes -> WriteRequest? in
                try startWrite([headBytes, bodyBytes])
            }
        }
        return rest.map(PendingWrite.init(request:))
    }

    /// Waits until the socket took the rest of a write started by ``writeWithoutWaiting(_:_:)``.
    /// Cancelling the task closes the connection (the stream is then in an unknown state).
    public func finish(_ pending: PendingWrite) async throws {
        try await finishWrite(pending.request)
    }
}

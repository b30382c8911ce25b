import CLibUV

/// A listening TCP socket on an ``EventLoop``.
///
/// ```swift
/// let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
/// try await listener.serve { connection in ... }
/// ```
/// Use from tasks on the loop's executor. ``close()`` stops accepting.
public final class TCPListener: @unchecked Sendable {
    /// The loop the listener lives on.
    public let loop: EventLoop
    /// The address the socket is bound to (with the real port when bound to port 0).
    public let localAddress: SocketAddress
    let queue: AcceptQueue

    /// Binds `host:port` (an IPv4 or IPv6 literal, or `localhost`) and listens.
    ///
    /// - Parameters:
    ///   - reusePort: sets `SO_REUSEPORT` so several sockets can share the address.
    ///   - balancedAccept: after each accepted connection, yield to other processes that
    ///     accept on the same socket (libuv's `UV_TCP_SINGLE_ACCEPT`, per listener).
    public convenience init(loop: EventLoop, host: String, port: Int, backlog: Int32 = 1024,
                            reusePort: Bool = false, balancedAccept: Bool = false) throws(LoopError) {
        let address = try SocketAddress(host: host, port: port)
        let fd = try ListeningSocket.tcp(address: address, backlog: backlog, reusePort: reusePort)
        try self.init(loop: loop, adopting: fd, backlog: backlog, balancedAccept: balancedAccept)
    }

    /// Adopts a listening socket made elsewhere (by the master, or passed by systemd); the
    /// listener owns the descriptor from now on.
    public init(loop: EventLoop, adopting fd: Int32, backlog: Int32 = 1024, balancedAccept: Bool = false) throws(LoopError) {
        loop.preconditionInLoop("TCPListener.init")
        self.loop = loop
        let handle = UVHandle.allocate(uv_tcp_t.self)
        let initStatus = uv_tcp_init(loop.raw, handle)
        if initStatus < 0 {
            UnsafeMutableRawPointer(handle).deallocate()
            throw LoopError(code: initStatus, operation: "tcp init")
        }
        let address: SocketAddress
        do {
            address = try ListeningSocket.localAddress(of: fd)
            try check(uv_tcp_open(handle, fd), "adopt listening fd \(fd)")
        } catch {
            uv_close(UVHandle.base(handle)) { UnsafeMutableRawPointer($0)?.deallocate() }
            throw error
        }
        localAddress = address
        queue = AcceptQueue(loop: loop, server: UVHandle.stream(handle), balanced: balancedAccept,
                            what: address.description) { loop throws(LoopError) in try TCPConnection(loop: loop) }
        do {
            try queue.listen(backlog: backlog)
        } catch {
            queue.close()
            throw error
        }
    }

    /// Waits for the next connection.
    ///
    /// Throws a ``LoopError``: ``LoopError/isOutOfFileDescriptors`` when the process ran out
    /// of descriptors (back off, then accept again), ``LoopError/isClosed`` after ``close()``,
    /// ``LoopError/isCancellation`` when the task is cancelled.
    public func accept() async throws -> TCPConnection {
        // The queue's factory makes only TCP connections.
        try await queue.accept() as! TCPConnection
    }

    /// Accepts until the listener is closed or the task cancelled, running `handler` for each
    /// connection as a child task on the loop; waits for the handlers before returning. Running
    /// out of file descriptors pauses accepting for `fileDescriptorBackoff` instead of spinning.
    public func serve(
        fileDescriptorBackoff: Duration = .milliseconds(100),
        _ handler: @escaping @Sendable (TCPConnection) async -> Void
    ) async {
        await withTaskExecutorPreference(loop.executor) {
            await withDiscardingTaskGroup { group in
                await acceptEach(fileDescriptorBackoff: fileDescriptorBackoff) { connection in
                    group.addTask { await handler(connection) }
                }
            }
        }
    }

    /// Stops accepting and closes the socket. Connections already accepted are not affected.
    public func close() {
        loop.preconditionInLoop("TCPListener.close")
        queue.close()
    }
}

import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection on an ``EventLoop``: a ``StreamConnection`` with TCP options and addresses.
public final class TCPConnection: StreamConnection, @unchecked Sendable {
    private var tcp: UnsafeMutablePointer<uv_tcp_t> {
        UnsafeMutableRawPointer(stream).assumingMemoryBound(to: uv_tcp_t.self)
    }

    /// A fresh, unconnected TCP handle (to accept into or connect).
    init(loop: EventLoop) throws(LoopError) {
        let handle = UVHandle.allocate(uv_tcp_t.self)
        let status = uv_tcp_init(loop.raw, handle)
        if status < 0 {
            UnsafeMutableRawPointer(handle).deallocate()
            throw LoopError(code: status, operation: "tcp init")
        }
        super.init(loop: loop, stream: UVHandle.stream(handle))
    }

    /// Connects to `host:port` (an IP literal or `localhost`).
    public static func connect(loop: EventLoop, host: String, port: Int) async throws -> TCPConnection {
        loop.preconditionInLoop("TCPConnection.connect")
        let address = try SocketAddress(host: host, port: port)
        let connection = try TCPConnection(loop: loop)
        let request = ConnectRequest(operation: "connect \(address)")
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                request.continuation = continuation
                do {
                    let status = try address.withSockAddr { pointer, _ -> Int32 in
                        uv_tcp_connect(request.raw, connection.tcp, pointer) { raw, status in
                            Unmanaged<ConnectRequest>.fromOpaque(raw!.pointee.data!).takeRetainedValue()
                                .complete(status: status)
                        }
                    }
                    if status < 0 {
                        request.complete(status: status)
                    } else {
                        request.raw.pointee.data = Unmanaged.passRetained(request).toOpaque()
                    }
                } catch {
                    request.continuation = nil
                    continuation.resume(throwing: error)
                }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Turns Nagle's algorithm off (`TCP_NODELAY`) or on.
    public func setNoDelay(_ enabled: Bool = true) throws(LoopError) {
        try check(uv_tcp_nodelay(tcp, enabled ? 1 : 0), "TCP_NODELAY")
    }

    /// Turns TCP keep-alive probes on after `idle` seconds, or off.
    public func setKeepAlive(_ enabled: Bool, idleSeconds: UInt32 = 60) throws(LoopError) {
        try check(uv_tcp_keepalive(tcp, enabled ? 1 : 0, idleSeconds), "SO_KEEPALIVE")
    }

    /// The peer's address.
    public func peerAddress() throws(LoopError) -> SocketAddress {
        try address(uv_tcp_getpeername, "getpeername")
    }

    /// The local address of the connection.
    public func localAddress() throws(LoopError) -> SocketAddress {
        try address(uv_tcp_getsockname, "getsockname")
    }

    private func address(
        _ get: (UnsafePointer<uv_tcp_t>?, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<Int32>?) -> Int32,
        _ operation: String
    ) throws(LoopError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { get(tcp, $0, &length) }
        }
        try check(status, operation)
        return SocketAddress(storage: storage)
    }

    /// Closes the connection with a TCP reset (RST) instead of an orderly FIN.
    public func closeWithReset() {
        loop.preconditionInLoop("TCPConnection.closeWithReset")
        guard !isClosed else { return }
        resetOnClose = true
        close()
    }

    private var resetOnClose = false

    override func closeHandle() {
        guard resetOnClose else { return super.closeHandle() }
        let handle = UVHandle.base(stream)
        guard uv_is_closing(handle) == 0 else { return }
        let status = uv_tcp_close_reset(tcp, UVHandle.releaseOwnerAndFree)
        if status < 0 { super.closeHandle() }
    }
}

/// A pending `uv_connect` and the continuation waiting for it.
final class ConnectRequest: @unchecked Sendable {
    let raw = UVHandle.allocate(uv_connect_t.self)
    var continuation: CheckedContinuation<Void, any Error>?
    let operation: String

    init(operation: String) { self.operation = operation }

    deinit { raw.deallocate() }

    func complete(status: Int32) {
        guard let continuation else { return }
        self.continuation = nil
        if status < 0 {
            continuation.resume(throwing: LoopError(code: status, operation: operation))
        } else {
            continuation.resume()
        }
    }
}

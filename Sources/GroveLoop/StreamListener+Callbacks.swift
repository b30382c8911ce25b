import CLibUV

#if canImport(Glibc)
import Glibc
#endif

extension UnixListener {
    /// Hands every accepted connection to `onConnection` straight from the loop's callback, for
    /// synchronous code (the master's control socket); accept errors go to `onError`. Do not mix
    /// with ``accept()``.
    public func startAccepting(onConnection: @escaping (PipeConnection) -> Void, onError: @escaping (LoopError) -> Void) {
        queue.startAccepting { result in
            switch result {
            // The queue's factory makes only pipe connections.
            case .success(let connection): onConnection(connection as! PipeConnection)
            case .failure(let error): onError(error)
            }
        }
    }
}

extension TCPListener {
    /// Hands every accepted connection to `onConnection` straight from the loop's callback, for
    /// synchronous code (the master's admin listener); accept errors go to `onError`. Do not mix
    /// with ``accept()``.
    public func startAccepting(onConnection: @escaping (TCPConnection) -> Void, onError: @escaping (LoopError) -> Void) {
        queue.startAccepting { result in
            switch result {
            // The queue's factory makes only TCP connections.
            case .success(let connection): onConnection(connection as! TCPConnection)
            case .failure(let error): onError(error)
            }
        }
    }
}

/// Who is at the other end of a unix-domain socket, as the kernel saw it at `connect`
/// (`SO_PEERCRED`).
public struct PeerCredentials: Sendable, Hashable {
    /// The peer's process id.
    public var pid: Int32
    /// The peer's user id.
    public var uid: UInt32
    /// The peer's group id.
    public var gid: UInt32
}

extension PipeConnection {
    /// The peer's credentials (`SO_PEERCRED`), or nil when the kernel did not give them.
    public var peerCredentials: PeerCredentials? {
        var fd: uv_os_fd_t = -1
        guard uv_fileno(UVHandle.base(stream), &fd) == 0 else { return nil }
        // `struct ucred { pid_t pid; uid_t uid; gid_t gid; }` (Glibc hides it without _GNU_SOURCE).
        var credentials: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout<(Int32, UInt32, UInt32)>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0, length == 12 else { return nil }
        return PeerCredentials(pid: credentials.0, uid: credentials.1, gid: credentials.2)
    }
}

extension StreamConnection {
    /// Sends EOF to the peer now (`shutdown(SHUT_WR)` on the socket), for synchronous code that
    /// has seen its last write complete; reading goes on. Returns false if the socket refused.
    @discardableResult
    public func shutdownWriteNow() -> Bool {
        var fd: uv_os_fd_t = -1
        guard !isClosed, uv_fileno(UVHandle.base(stream), &fd) == 0 else { return false }
        return Glibc.shutdown(fd, Int32(SHUT_WR)) == 0
    }
}

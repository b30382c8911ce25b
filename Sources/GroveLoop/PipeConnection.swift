import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// A unix-domain stream connection, a socketpair end or a pipe on an ``EventLoop``.
///
/// The master and its workers talk over socketpair ends adopted with
/// ``init(loop:adopting:)``.
public final class PipeConnection: StreamConnection, @unchecked Sendable {
    /// A fresh pipe handle (to accept into, connect, or open a descriptor with).
    init(loop: EventLoop) throws(LoopError) {
        let handle = UVHandle.allocate(uv_pipe_t.self)
        let status = uv_pipe_init(loop.raw, handle, 0)
        if status < 0 {
            UnsafeMutableRawPointer(handle).deallocate()
            throw LoopError(code: status, operation: "pipe init")
        }
        super.init(loop: loop, stream: UVHandle.stream(handle))
    }

    private var pipe: UnsafeMutablePointer<uv_pipe_t> {
        UnsafeMutableRawPointer(stream).assumingMemoryBound(to: uv_pipe_t.self)
    }

    /// Adopts an open stream descriptor (a socketpair end, a pipe end, a connected unix
    /// socket); the connection owns it from now on.
    public convenience init(loop: EventLoop, adopting fd: Int32) throws(LoopError) {
        loop.preconditionInLoop("PipeConnection.init(adopting:)")
        try self.init(loop: loop)
        let status = uv_pipe_open(pipe, fd)
        if status < 0 {
            close()
            throw LoopError(code: status, operation: "adopt fd \(fd)")
        }
    }

    /// Connects to the unix-domain socket at `path`.
    public static func connect(loop: EventLoop, path: String) async throws -> PipeConnection {
        loop.preconditionInLoop("PipeConnection.connect")
        let connection = try PipeConnection(loop: loop)
        let request = ConnectRequest(operation: "connect unix:\(path)")
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                request.continuation = continuation
                request.raw.pointee.data = Unmanaged.passRetained(request).toOpaque()
                uv_pipe_connect(request.raw, connection.pipe, path) { raw, status in
                    Unmanaged<ConnectRequest>.fromOpaque(raw!.pointee.data!).takeRetainedValue().complete(status: status)
                }
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }
}

/// Makes connected pairs of unix stream sockets (`socketpair`), e.g. for a control channel
/// between a master and a worker.
public enum SocketPair {
    /// Two connected, close-on-exec stream sockets. Both are blocking until adopted by a
    /// ``PipeConnection`` (which makes its end non-blocking).
    public static func make() throws(LoopError) -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        let status = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds)
        guard status == 0 else { throw LoopError(errno: errno, operation: "socketpair") }
        return (fds[0], fds[1])
    }
}

/// A listening unix-domain stream socket on an ``EventLoop`` (e.g. a control socket, or a
/// server's `unix:PATH` bind).
public final class UnixListener: @unchecked Sendable {
    /// The loop the listener lives on.
    public let loop: EventLoop
    /// The socket's path.
    public let path: String
    let queue: AcceptQueue
    /// Whether ``close()`` removes the path (only when this listener bound it).
    private let ownsPath: Bool

    /// Binds `path` (which must not exist), sets its mode, and listens; ``close()`` removes it.
    public convenience init(loop: EventLoop, path: String, mode: mode_t = 0o600, backlog: Int32 = 128) throws(LoopError) {
        let fd = try ListeningSocket.unix(path: path, mode: mode, backlog: backlog)
        try self.init(loop: loop, adopting: fd, path: path, ownsPath: true, backlog: backlog)
    }

    /// Adopts a listening unix socket bound elsewhere (by the master); the listener owns the
    /// descriptor, not the path (``close()`` leaves it for its owner to remove).
    public convenience init(loop: EventLoop, adopting fd: Int32, backlog: Int32 = 128) throws(LoopError) {
        let address = try ListeningSocket.localAddress(of: fd)
        guard case .unix(let path) = address else {
            throw LoopError(code: UV_EINVAL.rawValue, operation: "adopt fd \(fd) as a unix listener: it is \(address)")
        }
        try self.init(loop: loop, adopting: fd, path: path, ownsPath: false, backlog: backlog)
    }

    private init(loop: EventLoop, adopting fd: Int32, path: String, ownsPath: Bool, backlog: Int32) throws(LoopError) {
        loop.preconditionInLoop("UnixListener.init")
        self.loop = loop
        self.path = path
        self.ownsPath = ownsPath
        let handle = UVHandle.allocate(uv_pipe_t.self)
        let initStatus = uv_pipe_init(loop.raw, handle, 0)
        if initStatus < 0 {
            UnsafeMutableRawPointer(handle).deallocate()
            Glibc.close(fd)
            throw LoopError(code: initStatus, operation: "pipe init")
        }
        queue = AcceptQueue(loop: loop, server: UVHandle.stream(handle), balanced: false,
                            what: "unix:\(path)") { loop throws(LoopError) in try PipeConnection(loop: loop) }
        do throws(LoopError) {
            try check(uv_pipe_open(handle, fd), "adopt unix listener fd \(fd)")
            try queue.listen(backlog: backlog)
        } catch {
            close()
            throw error
        }
    }

    /// Waits for the next connection.
    public func accept() async throws -> PipeConnection {
        // The queue's factory makes only pipe connections.
        try await queue.accept() as! PipeConnection
    }

    /// Stops accepting and closes the socket; removes its path if this listener bound it.
    public func close() {
        queue.close()
        if ownsPath { unlink(path) }
    }
}

import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// Makes listening sockets as plain file descriptors, without a loop.
///
/// The master binds every listener before it forks; workers adopt the descriptors with
/// ``TCPListener/init(loop:adopting:balancedAccept:)``.
public enum ListeningSocket {
    /// Creates a TCP socket bound to `address` and listening.
    ///
    /// - Parameters:
    ///   - reusePort: sets `SO_REUSEPORT`, so that several sockets (one per worker slot) can be
    ///     bound to the same address and the kernel spreads connections across them.
    ///   - backlog: the kernel's queue of completed connections.
    /// - Returns: a non-blocking, close-on-exec file descriptor the caller owns.
    public static func tcp(address: SocketAddress, backlog: Int32 = 1024, reusePort: Bool = false) throws(LoopError) -> Int32 {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopError(errno: errno, operation: "socket for \(address)") }
        do throws(LoopError) {
            try setOption(fd, SO_REUSEADDR, "SO_REUSEADDR", address)
            if reusePort { try setOption(fd, SO_REUSEPORT, "SO_REUSEPORT", address) }
            if case .ipv6 = address {
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &on, socklen_t(MemoryLayout<Int32>.size))
            }
            let bound = try address.withSockAddr { Glibc.bind(fd, $0, $1) }
            guard bound == 0 else { throw LoopError(errno: errno, operation: "bind \(address)") }
            guard listen(fd, backlog) == 0 else { throw LoopError(errno: errno, operation: "listen \(address)") }
            return fd
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Creates a unix-domain stream socket bound to `path` with `mode`, listening.
    ///
    /// A stale socket file left by a process that died (nobody accepts on it) is removed
    /// first; a live one is `EADDRINUSE`.
    public static func unix(path: String, mode: mode_t = 0o600, backlog: Int32 = 1024) throws(LoopError) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw LoopError(code: UV_ENAMETOOLONG.rawValue, operation: "bind unix:\(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        removeStaleSocket(at: path, address: address)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LoopError(errno: errno, operation: "socket for unix:\(path)") }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let error = LoopError(errno: errno, operation: "bind unix:\(path)")
            Glibc.close(fd)
            throw error
        }
        guard chmod(path, mode) == 0, listen(fd, backlog) == 0 else {
            let error = LoopError(errno: errno, operation: "listen unix:\(path)")
            Glibc.close(fd)
            unlink(path)
            throw error
        }
        return fd
    }

    private static func removeStaleSocket(at path: String, address: sockaddr_un) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFSOCK else { return }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return }
        defer { Glibc.close(probe) }
        var address = address
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if connected != 0, errno == ECONNREFUSED { unlink(path) }
    }

    /// The address a socket is bound to (e.g. to learn the port after binding port 0).
    public static func localAddress(of fd: Int32) throws(LoopError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { throw LoopError(errno: errno, operation: "getsockname fd \(fd)") }
        return SocketAddress(storage: storage)
    }

    private static func setOption(_ fd: Int32, _ option: Int32, _ name: String, _ address: SocketAddress) throws(LoopError) {
        var on: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, option, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw LoopError(errno: errno, operation: "setsockopt \(name) for \(address)")
        }
    }
}

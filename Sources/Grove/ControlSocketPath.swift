#if canImport(Glibc)
import Glibc
#endif

/// Where the master's control socket lives, and the checks around binding it.
///
/// Default: `$XDG_RUNTIME_DIR/grove/grove.sock` when `XDG_RUNTIME_DIR` is set, else
/// `/run/grove/grove.sock` for root, else `/tmp/grove-$UID/grove.sock`. The directory is made
/// with mode 0700 (and must belong to the user: a directory planted by someone else is
/// refused). A second server on the same path does not take the socket over: a live socket
/// (one that accepts a connection) is an error that asks for `--control-socket`; a stale one
/// (left by a master that died) is removed.
public enum ControlSocketPath {
    /// The default path for the current user and environment.
    public static func defaultPath(environment: [String: String] = currentEnvironment(), uid: uid_t = getuid()) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return runtime + "/grove/grove.sock"
        }
        return uid == 0 ? "/run/grove/grove.sock" : "/tmp/grove-\(uid)/grove.sock"
    }

    /// The process environment as a dictionary.
    public static func currentEnvironment() -> [String: String] {
        ProcessEnvironment.current()
    }

    /// Makes the directory of `path` (mode 0700) if it is missing; checks that an existing one is
    /// a directory of this user (or root's) that others cannot write to.
    static func prepareDirectory(of path: String) throws(ControlSocketError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let directory = String(path[..<slash])
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { throw ControlSocketError(path, "cannot inspect \(directory): \(errnoText())") }
            try prepareDirectory(of: directory)
            guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
                throw ControlSocketError(path, "cannot create \(directory): \(errnoText())")
            }
            guard lstat(directory, &info) == 0 else { throw ControlSocketError(path, "cannot inspect \(directory): \(errnoText())") }
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw ControlSocketError(path, "\(directory) is not a directory") }
        if info.st_uid != getuid(), info.st_uid != 0 {
            throw ControlSocketError(path, "\(directory) belongs to uid \(info.st_uid), not to this user (\(getuid()))")
        }
        if info.st_mode & 0o022 != 0, info.st_mode & S_ISVTX == 0 {
            throw ControlSocketError(path, "\(directory) is writable by others (mode \(String(info.st_mode & 0o7777, radix: 8)))")
        }
    }

    /// What is at `path` now.
    enum Occupant: Equatable {
        /// Nothing: free to bind.
        case none
        /// A socket nobody accepts on (its master died): may be removed.
        case staleSocket
        /// A socket a live process accepts on.
        case liveSocket
        /// Something that is not a socket.
        case notASocket
    }

    /// Looks at `path` without changing it.
    static func occupant(of path: String) -> Occupant {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .none }
        guard info.st_mode & S_IFMT == S_IFSOCK else { return .notASocket }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard probe >= 0 else { return .liveSocket }
        defer { close(probe) }
        let connected = withUnixAddress(path) { connect(probe, $0, $1) }
        if connected == 0 { return .liveSocket }
        return errno == ECONNREFUSED || errno == ENOENT ? .staleSocket : .liveSocket
    }

    /// Calls `body` with a `sockaddr_un` for `path` (which must fit).
    static func withUnixAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// The inode of the socket file at `path`, if there is one.
    static func inode(of path: String) -> ino_t? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK else { return nil }
        return info.st_ino
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// The control socket could not be set up.
public struct ControlSocketError: Error, CustomStringConvertible, Sendable {
    /// The socket's path.
    public var path: String
    /// What went wrong.
    public var reason: String

    init(_ path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `control socket PATH: REASON`.
    public var description: String { "control socket \(path): \(reason)" }
}

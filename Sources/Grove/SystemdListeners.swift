#if canImport(Glibc)
import Glibc
#endif

/// Listening sockets passed by systemd socket activation (`LISTEN_PID`, `LISTEN_FDS`: the
/// descriptors `3 ..< 3 + LISTEN_FDS`).
enum SystemdListeners {
    /// The descriptors passed to this process, made close-on-exec; the variables are removed
    /// from the environment so nothing started later mistakes them for its own. Empty when
    /// systemd passed nothing (or passed it to another process).
    static func adopt() throws(SystemdListenersError) -> [Int32] {
        guard let pidText = getenv("LISTEN_PID").map({ String(cString: $0) }),
              let countText = getenv("LISTEN_FDS").map({ String(cString: $0) }),
              pid_t(pidText) == getpid()
        else { return [] }
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
        guard let count = Int32(countText), count > 0 else {
            throw SystemdListenersError(description: "LISTEN_FDS=\(countText): expected a positive number")
        }
        let fds = Array(3 ..< 3 + count)
        for fd in fds {
            var listening: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == 0, listening != 0 else {
                throw SystemdListenersError(description: "LISTEN_FDS: descriptor \(fd) is not a listening socket")
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return fds
    }
}

/// The sockets systemd passed cannot be used.
struct SystemdListenersError: Error, CustomStringConvertible {
    let description: String
}

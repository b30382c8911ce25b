#if canImport(Glibc)
import Glibc
#endif

/// A client socket to `127.0.0.1:port` that sends arbitrary bytes (malformed requests,
/// trickled heads) and reads whatever comes back; every blocking call is bounded by socket
/// timeouts. Closed when released.
final class RawConnection: @unchecked Sendable {
    let fd: Int32
    private(set) var received: [UInt8] = []
    /// Whether the server closed the connection (EOF or reset) as far as reads have seen.
    private(set) var closedByServer = false

    /// Connects (blocking, bounded by `timeout`).
    init(port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in.loopback(port: port)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ProcessError("connect to port \(port): errno \(code)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends all of `bytes` unless the server closes or resets first; returns how many were
    /// sent (a server may answer and close before reading an oversized request to its end).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { break }
            sent += count
        }
        return sent
    }

    /// Reads until the server closes the connection or the receive timeout passes; true when
    /// it closed (EOF or reset).
    @discardableResult
    func readUntilClosed() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count > 0 {
                received += chunk.prefix(count)
                continue
            }
            if count == 0 || errno == ECONNRESET || errno == EPIPE {
                closedByServer = true
                return true
            }
            return false
        }
    }

    /// Reads what is there without waiting (the socket must have been made non-blocking
    /// first); notes a close.
    func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received += chunk.prefix(count)
                continue
            }
            if count == 0 || (count < 0 && (errno == ECONNRESET || errno == EPIPE)) { closedByServer = true }
            return
        }
    }

    /// The status code of the first response received, if a status line arrived.
    var firstStatus: Int? {
        let text = String(decoding: received.prefix(64), as: UTF8.self)
        guard text.hasPrefix("HTTP/1.") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

/// Raises this process's soft limit on open files to its hard limit (children started
/// afterwards inherit it); returns the new soft limit.
@discardableResult
func raiseOpenFileLimit() -> Int {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
    if limit.rlim_cur < limit.rlim_max {
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    return Int(limit.rlim_cur)
}

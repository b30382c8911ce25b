import Foundation
import GroveMaster

/// The client side of the control socket, for `grove ctl`: plain blocking calls (it is not the
/// master). Connects, sends one ``ControlRequest`` line, reads the ``ControlResponse`` line
/// until the master closes the connection.
public enum ControlClient {
    /// The largest response read (a `tree` of many workers with their tasks stays far below).
    public static let maximumResponseBytes = 64 * 1024 * 1024

    /// Sends `request` to the master at `path`; waits at most `timeout` for each read and write.
    public static func send(_ request: ControlRequest, to path: String,
                            timeout: Duration = .seconds(10)) throws(ControlClientError) -> ControlResponse {
        let raw = try exchange(Array((request.jsonLine() + "\n").utf8), with: path, timeout: timeout)
        guard let line = raw.split(separator: UInt8(ascii: "\n")).first,
              let response = try? JSONDecoder().decode(ControlResponse.self, from: Data(line))
        else {
            throw ControlClientError("the master at \(path) sent an unreadable answer: \(String(decoding: raw.prefix(200), as: UTF8.self))")
        }
        return response
    }

    /// Writes `bytes` to the socket at `path` and reads until EOF.
    static func exchange(_ bytes: [UInt8], with path: String, timeout: Duration) throws(ControlClientError) -> [UInt8] {
        guard path.utf8.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) else {
            throw ControlClientError("control socket path too long: \(path)")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ControlClientError("socket: \(ControlSocketPath.errnoText())") }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard ControlSocketPath.withUnixAddress(path, { connect(fd, $0, $1) }) == 0 else {
            let code = errno
            switch code {
            case ENOENT, ECONNREFUSED:
                throw ControlClientError("no Grove master is listening on \(path) (\(String(cString: strerror(code)))); "
                    + "is the server running, and with this --control-socket? Pass the same path with --socket")
            case EACCES, EPERM:
                throw ControlClientError("permission denied on \(path): run as the server's user or root")
            default:
                throw ControlClientError("connect \(path): \(String(cString: strerror(code)))")
            }
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw ControlClientError("sending to \(path): \(ControlSocketPath.errnoText())") }
            offset += written
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                throw ControlClientError("the master at \(path) did not answer within \(timeout)")
            }
            guard count >= 0 else { throw ControlClientError("reading from \(path): \(ControlSocketPath.errnoText())") }
            if count == 0 { return response }
            response += chunk[..<count]
            guard response.count <= maximumResponseBytes else {
                throw ControlClientError("the answer from \(path) is larger than \(maximumResponseBytes) bytes")
            }
        }
    }
}

/// `grove ctl` could not talk to the master.
public struct ControlClientError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}

#if canImport(Glibc)
import Glibc
#endif

/// A blocking HTTP/1.1 client connection to `127.0.0.1:port`, every read and write bounded by
/// socket timeouts; the async forms run the blocking reads off the cooperative pool. Used by one
/// test at a time.
final class HTTPProbe: @unchecked Sendable {
    private let fd: Int32
    private var received: [UInt8] = []

    /// Connects to `127.0.0.1:port`; throws when nothing accepts within the timeout.
    convenience init(port: Int, timeout: Duration = .seconds(5)) throws {
        try self.init(family: AF_INET, what: "port \(port)", timeout: timeout) { fd in
            var address = sockaddr_in.loopback(port: port)
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
    }

    /// Connects to the unix-domain socket at `path`.
    convenience init(unixPath path: String, timeout: Duration = .seconds(5)) throws {
        try self.init(family: AF_UNIX, what: "unix:\(path)", timeout: timeout) { fd in
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: path.utf8)
                raw[path.utf8.count] = 0
            }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
    }

    private init(family: Int32, what: String, timeout: Duration, connectTo: (Int32) -> Int32) throws {
        fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connectTo(fd) == 0 else {
            let code = errno
            close(fd)
            throw ProcessError("connect to \(what): errno \(code)")
        }
    }

    deinit { close(fd) }

    /// Sends `GET path` (keep-alive unless `close`).
    func sendGet(_ path: String, close: Bool = false) throws {
        let request = "GET \(path) HTTP/1.1\r\nHost: test\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
        let bytes = Array(request.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw ProcessError("write: errno \(errno)") }
    }

    /// Reads one response (head, then a `Content-Length` body, or the body up to EOF).
    func readResponse() throws -> HTTPResponse {
        while true {
            if let response = HTTPResponse.parse(&received, atEOF: false) { return response }
            guard try fill() else {
                if let response = HTTPResponse.parse(&received, atEOF: true) { return response }
                throw ProcessError("connection closed before a complete response (\(received.count) bytes)")
            }
        }
    }

    /// Waits for the server to close the connection; true at EOF or reset, false after the
    /// receive timeout (bytes received meanwhile are kept).
    func waitForClose() -> Bool {
        do {
            while try fill() {}
            return true
        } catch {
            return false
        }
    }

    /// Reads more bytes; false at EOF (or reset), throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 8192)
        let count = read(fd, &chunk, chunk.count)
        if count > 0 {
            received += chunk.prefix(count)
            return true
        }
        if count == 0 || errno == ECONNRESET { return false }
        throw ProcessError("read: errno \(errno)")
    }

    /// ``readResponse()`` on a thread of its own.
    func response() async throws -> HTTPResponse {
        try await offPool { try self.readResponse() }
    }

    /// ``waitForClose()`` on a thread of its own: when the server closed (read on that thread as
    /// soon as the read returned), or nil after the receive timeout.
    func closedAt() async throws -> ContinuousClock.Instant? {
        try await offPool { self.waitForClose() ? ContinuousClock.now : nil }
    }

    /// ``get(port:_:timeout:)`` on a thread of its own.
    static func fetch(port: Int, _ path: String, timeout: Duration = .seconds(5)) async throws -> HTTPResponse {
        try await offPool { try get(port: port, path, timeout: timeout) }
    }

    /// One `GET` on a fresh connection with `Connection: close`.
    static func get(port: Int, _ path: String, timeout: Duration = .seconds(5)) throws -> HTTPResponse {
        let probe = try HTTPProbe(port: port, timeout: timeout)
        try probe.sendGet(path, close: true)
        return try probe.readResponse()
    }

    /// A loopback port that was free a moment ago (bound to port 0, then closed).
    static func freePort() throws -> Int {
        let (fd, port) = try loopbackListener()
        close(fd)
        return port
    }
}

/// A parsed response.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    /// Takes one response off the front of `bytes`, or nil when more bytes are needed.
    static func parse(_ bytes: inout [UInt8], atEOF: Bool) -> HTTPResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.indices.dropLast(3).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            return nil
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingSpaces
        }
        let bodyStart = headEnd + 4
        let bodyLength: Int
        if let length = headers["content-length"].flatMap(Int.init) {
            bodyLength = length
        } else if atEOF {
            bodyLength = bytes.count - bodyStart
        } else {
            return nil
        }
        guard bytes.count - bodyStart >= bodyLength else { return nil }
        let body = String(decoding: bytes[bodyStart..<bodyStart + bodyLength], as: UTF8.self)
        bytes.removeSubrange(..<(bodyStart + bodyLength))
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension sockaddr_in {
    /// `127.0.0.1:port`.
    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}

/// A listening socket on a free loopback port (what systemd would pass) and its port.
func loopbackListener() throws -> (fd: Int32, port: Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
    var address = sockaddr_in.loopback(port: 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound, listen(fd, 128) == 0 else {
        close(fd)
        throw ProcessError("binding a loopback listener: errno \(errno)")
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}

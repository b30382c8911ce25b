import GroveLoop
import Logging

/// The master's optional admin listener (`--admin-bind HOST:PORT`): `GET /metrics` answers the
/// Prometheus text, any other path 404. One request per connection, answered by a minimal
/// HTTP/1.1 response the master writes itself from loop callbacks; a request head larger than
/// ``maximumRequestBytes`` or slower than ``requestTimeout`` is refused, so a slow or hostile
/// client never holds the master.
final class AdminServer {
    /// The largest request head read.
    static let maximumRequestBytes = 8 * 1024
    /// Time a client has to send its request and read the answer.
    static let requestTimeout = Duration.seconds(5)
    /// The most admin connections open at once; more are closed at once.
    static let maximumConnections = 64

    private let listener: TCPListener
    private let logger: Logger
    private var exchanges: [ObjectIdentifier: OneShotExchange] = [:]

    /// The address it listens on (with the real port when 0 was asked).
    var address: String { listener.localAddress.description }

    /// Binds `bind` and starts answering; `metrics` renders the exposition text for each scrape.
    init(loop: EventLoop, bind: AdminBind, logger: Logger, metrics: @escaping () -> String) throws {
        self.logger = logger
        let fd = try BindAddress.tcp(host: bind.host, port: bind.port).bindSocket(reusePort: false)
        listener = try TCPListener(loop: loop, adopting: fd, backlog: 64)
        listener.startAccepting(onConnection: { [unowned self] connection in
            accepted(connection, metrics: metrics)
        }, onError: { [unowned self] error in
            self.logger.warning("admin listener: accept failed: \(error)")
        })
    }

    /// Stops accepting and closes the open exchanges' sockets as they finish.
    func close() {
        listener.close()
    }

    private func accepted(_ connection: TCPConnection, metrics: @escaping () -> String) {
        guard exchanges.count < Self.maximumConnections else {
            connection.close()
            return
        }
        let key = ObjectIdentifier(connection)
        let exchange = OneShotExchange(
            connection: connection, maximumRequestBytes: Self.maximumRequestBytes, timeout: Self.requestTimeout,
            requestEnd: { bytes, _ in AdminRequest.headEnd(in: bytes) },
            refusal: { AdminResponse(status: "400 Bad Request", body: $0 + "\n").bytes },
            onRequest: { head, respond in respond(AdminRequest.answer(head: head, metrics: metrics).bytes) },
            onFinish: { [unowned self] in exchanges[key] = nil }
        )
        if !exchange.isFinished { exchanges[key] = exchange }
    }
}

/// `HOST:PORT` of the admin listener.
public struct AdminBind: Sendable, Hashable, CustomStringConvertible {
    /// The host (an IP address or `localhost`).
    public var host: String
    /// The port (0: any free port, logged at start).
    public var port: Int

    /// Parses `HOST:PORT` or `[IPv6]:PORT`; port 0 picks a free port (logged at start).
    public init(parsing text: String) throws(BindAddressError) {
        let anyPort = text.hasSuffix(":0")
        guard case .tcp(let host, let port) = try BindAddress(parsing: anyPort ? String(text.dropLast()) + "1" : text) else {
            throw BindAddressError(text: text, reason: "the admin listener takes HOST:PORT, not a unix socket")
        }
        self.host = host
        self.port = anyPort ? 0 : port
    }

    /// `host:port`.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The admin listener's request handling: pure functions of the request head.
enum AdminRequest {
    /// The length of the request head (through its blank line), or nil while incomplete.
    static func headEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 1..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            if bytes[index - 1] == UInt8(ascii: "\n") { return index + 1 }
            if index >= 3, bytes[index - 1] == UInt8(ascii: "\r"), bytes[index - 2] == UInt8(ascii: "\n") { return index + 1 }
        }
        return nil
    }

    /// The response to a request head: `GET`/`HEAD /metrics` → 200 with `metrics()`, other
    /// paths 404, other methods 405, a malformed request line 400.
    static func answer(head: ArraySlice<UInt8>, metrics: () -> String) -> AdminResponse {
        let lineEnd = head.firstIndex(of: UInt8(ascii: "\n")) ?? head.endIndex
        var line = String(decoding: head[..<lineEnd], as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].hasPrefix("/") else {
            return AdminResponse(status: "400 Bad Request", body: "malformed request line\n")
        }
        let method = parts[0]
        let path = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard path == "/metrics" else { return AdminResponse(status: "404 Not Found", body: "not found: the admin listener serves /metrics\n") }
        guard method == "GET" || method == "HEAD" else {
            return AdminResponse(status: "405 Method Not Allowed", body: "use GET\n", extraHeaders: ["Allow: GET, HEAD"])
        }
        var response = AdminResponse(status: "200 OK", body: metrics(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        response.omitBody = method == "HEAD"
        return response
    }
}

/// A minimal HTTP/1.1 response that closes the connection.
struct AdminResponse {
    var status: String
    var body: String
    var contentType = "text/plain; charset=utf-8"
    var extraHeaders: [String] = []
    var omitBody = false

    /// The response's bytes.
    var bytes: [UInt8] {
        let bodyBytes = Array(body.utf8)
        var head = "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(bodyBytes.count)\r\nConnection: close\r\n"
        for header in extraHeaders { head += header + "\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (omitBody ? [] : bodyBytes)
    }
}

import GroveLoop

/// One `--bind` value: `HOST:PORT` (`[V6]:PORT` for IPv6) or `unix:PATH`.
public enum BindAddress: Sendable, Hashable, CustomStringConvertible {
    /// A TCP address.
    case tcp(host: String, port: Int)
    /// A unix-domain socket path.
    case unix(path: String)

    /// Parses `127.0.0.1:8080`, `[::1]:8080`, `localhost:80` or `unix:/run/grove.sock`.
    public init(parsing text: String) throws(BindAddressError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst("unix:".count))
            guard !path.isEmpty else { throw BindAddressError(text: text, reason: "empty unix socket path") }
            self = .unix(path: path)
            return
        }
        guard let colon = text.lastIndex(of: ":") else {
            throw BindAddressError(text: text, reason: "expected HOST:PORT or unix:PATH")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw BindAddressError(text: text, reason: "empty host") }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw BindAddressError(text: text, reason: "the port must be a number between 1 and 65535")
        }
        self = .tcp(host: host, port: port)
    }

    /// `127.0.0.1:8080`, `[::1]:8080` or `unix:/path`.
    public var description: String {
        switch self {
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// Binds one listening socket for this address (`SO_REUSEPORT` when `reusePort`; a unix
    /// path can be bound only once, so its one socket is shared by every slot).
    func bindSocket(reusePort: Bool) throws -> Int32 {
        switch self {
        case .tcp(let host, let port):
            return try ListeningSocket.tcp(address: SocketAddress(host: host, port: port), reusePort: reusePort)
        case .unix(let path):
            return try ListeningSocket.unix(path: path, mode: 0o660)
        }
    }
}

/// A `--bind` value that cannot be used.
public struct BindAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value as given.
    public var text: String
    /// Why it was refused.
    public var reason: String

    /// `bind '127.0.0.1': expected HOST:PORT or unix:PATH`.
    public var description: String { "bind '\(text)': \(reason)" }
}

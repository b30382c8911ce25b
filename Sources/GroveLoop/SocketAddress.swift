import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4, IPv6 or unix-domain socket address.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address and port.
    case ipv4(host: String, port: Int)
    /// An IPv6 address and port.
    case ipv6(host: String, port: Int)
    /// A unix-domain socket path (empty for an unnamed socket).
    case unix(path: String)

    /// The port of an IP address, nil for a unix address.
    public var port: Int? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): port
        case .unix: nil
        }
    }

    /// `"127.0.0.1:8080"`, `"[::1]:8080"` or `"unix:/run/grove.sock"`.
    public var description: String {
        switch self {
        case .ipv4(let host, let port): "\(host):\(port)"
        case .ipv6(let host, let port): "[\(host)]:\(port)"
        case .unix(let path): "unix:\(path)"
        }
    }

    /// Parses a literal IP host (no DNS lookups; `localhost` means `127.0.0.1`) and a port.
    public init(host: String, port: Int) throws(LoopError) {
        guard (0...65535).contains(port) else {
            throw LoopError(code: UV_EINVAL.rawValue, operation: "address \(host):\(port): port out of range")
        }
        let literal = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if uv_ip4_addr(literal, Int32(port), &v4) == 0 {
            self = .ipv4(host: literal, port: port)
            return
        }
        var v6 = sockaddr_in6()
        let bare = literal.hasPrefix("[") && literal.hasSuffix("]") ? String(literal.dropFirst().dropLast()) : literal
        if uv_ip6_addr(bare, Int32(port), &v6) == 0 {
            self = .ipv6(host: bare, port: port)
            return
        }
        throw LoopError(code: UV_EINVAL.rawValue, operation: "address \(host):\(port): not an IP address literal")
    }

    /// Reads an address from a `sockaddr_storage` filled by the kernel.
    init(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            self = withUnsafePointer(to: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var name = [CChar](repeating: 0, count: 64)
                    uv_ip4_name(pointer, &name, name.count)
                    return .ipv4(host: name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, port: Int(UInt16(bigEndian: pointer.pointee.sin_port)))
                }
            }
        case AF_INET6:
            self = withUnsafePointer(to: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var name = [CChar](repeating: 0, count: 64)
                    uv_ip6_name(pointer, &name, name.count)
                    return .ipv6(host: name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, port: Int(UInt16(bigEndian: pointer.pointee.sin6_port)))
                }
            }
        case AF_UNIX:
            self = withUnsafePointer(to: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_un.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sun_path) { bytes in
                        .unix(path: String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
                    }
                }
            }
        default:
            self = .unix(path: "")
        }
    }

    /// Calls `body` with the address as a `sockaddr` pointer and its length (IP addresses only).
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) throws(LoopError) -> R {
        switch self {
        case .ipv4(let host, let port):
            var address = sockaddr_in()
            try check(uv_ip4_addr(host, Int32(port), &address), "address \(self)")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .ipv6(let host, let port):
            var address = sockaddr_in6()
            try check(uv_ip6_addr(host, Int32(port), &address), "address \(self)")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body($0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        case .unix:
            throw LoopError(code: UV_EAFNOSUPPORT.rawValue, operation: "address \(self): not an IP address")
        }
    }

    /// The address family (`AF_INET`, `AF_INET6`, `AF_UNIX`).
    var family: Int32 {
        switch self {
        case .ipv4: AF_INET
        case .ipv6: AF_INET6
        case .unix: AF_UNIX
        }
    }
}

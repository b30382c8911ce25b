import HTTPTypes

/// The protocol version of a request; only 1.0 and 1.1 are ever produced.
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major version digit.
    public var major: UInt8
    /// The minor version digit.
    public var minor: UInt8

    /// Creates a version `major.minor`.
    public init(major: UInt8, minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// `"HTTP/major.minor"`.
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Hashable, Sendable {
    /// No body: neither Content-Length nor Transfer-Encoding was sent.
    case none
    /// Exactly this many body bytes follow the head (may be 0).
    case contentLength(Int)
    /// The body is chunked; its length is known only at the end.
    case chunked
}

/// A parsed request head plus the connection-level decisions derived from it.
public struct HTTPRequestHead: Hashable, Sendable {
    /// Method, target and fields.
    ///
    /// - `path` is the request-target of an origin-form or asterisk-form request (`"*"`), the
    ///   path and query of an absolute-form one, and `nil` for CONNECT's authority-form.
    /// - `authority` is the Host value, or the authority of an absolute-form target.
    /// - `scheme` is set only for absolute-form targets (the parser does not know about TLS).
    /// - The Host field itself is moved to `authority` and not repeated in `headerFields`,
    ///   as swift-http-types expects; all other fields keep their order.
    public var request: HTTPRequest
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// Whether the connection may stay open after this request (RFC 9112 §9.3): HTTP/1.1
    /// unless `Connection: close`, HTTP/1.0 only with `Connection: keep-alive` and no `close`.
    public var keepAlive: Bool
    /// The client sent `Expect: 100-continue` on HTTP/1.1 and waits before sending the body.
    public var expectContinue: Bool
    /// How the body that follows is delimited.
    public var framing: HTTPBodyFraming

    /// Creates a head; the parser is the usual source of these.
    public init(
        request: HTTPRequest,
        version: HTTPVersion,
        keepAlive: Bool,
        expectContinue: Bool,
        framing: HTTPBodyFraming
    ) {
        self.request = request
        self.version = version
        self.keepAlive = keepAlive
        self.expectContinue = expectContinue
        self.framing = framing
    }
}

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

    // Computed, not stored: a stored static is reached through a lazy-initialization check on
    // every comparison, and these are compared for every request.

    /// HTTP/1.0.
    public static var http1_0: HTTPVersion { HTTPVersion(major: 1, minor: 0) }
    /// HTTP/1.1.
    public static var http1_1: HTTPVersion { HTTPVersion(major: 1, minor: 1) }

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
///
/// The method and path are ready at once; the rest of the `HTTPRequest` (authority and header
/// fields) is built from the head's bytes the first time ``request`` is read. A copy costs one
/// reference count: everything that is not a plain value lives in one shared storage object.
public struct HTTPRequestHead: Hashable, Sendable {
    /// HTTP/1.0 or HTTP/1.1.
    public var version: HTTPVersion
    /// Whether the connection may stay open after this request (RFC 9112 §9.3): HTTP/1.1
    /// unless `Connection: close`, HTTP/1.0 only with `Connection: keep-alive` and no `close`.
    public var keepAlive: Bool
    /// The client sent `Expect: 100-continue` on HTTP/1.1 and waits before sending the body.
    public var expectContinue: Bool
    /// How the body that follows is delimited.
    public var framing: HTTPBodyFraming
    /// Shared between copies and threads: immutable once made, except for the request it
    /// builds, which swift-atomics' lazy reference publishes (``RequestHeadStorage``).
    /// `ManagedBuffer` declares itself not `Sendable`, hence the `nonisolated(unsafe)`.
    nonisolated(unsafe) private var storage: RequestHeadStorage

    /// The method.
    public var method: HTTPRequest.Method { storage.method }

    /// The method as one byte: what a router compares, without making the method's string
    /// (``method`` spells it; `.other` codes need it).
    public var methodCode: MethodCode { storage.methodCode }

    /// Whether the method is HEAD (whose response carries no body), without comparing strings.
    public var isHeadMethod: Bool { storage.isHead }

    /// `HTTPRequest.path`: the request-target of an origin-form or asterisk-form request
    /// (`"*"`), the path and query of an absolute-form one, and `nil` for CONNECT's
    /// authority-form.
    public var path: String? { storage.path }

    /// Calls `body` with the bytes of ``path`` without making a string of them; nil when the
    /// head has no path.
    public func withPathBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        try storage.withPathBytes(body)
    }

    /// Method, target and fields.
    ///
    /// - `path` is as ``path`` describes.
    /// - `authority` is the Host value, or the authority of an absolute-form target.
    /// - `scheme` is set only for absolute-form targets (the parser does not know about TLS).
    /// - The Host field itself is moved to `authority` and not repeated in `headerFields`,
    ///   as swift-http-types expects; all other fields keep their order.
    ///
    /// For a parsed head, the first read builds it (and later reads share it).
    public var request: HTTPRequest {
        get { storage.request }
        set { storage = RequestHeadStorage.make(built: newValue) }
    }

    /// Creates a head; the parser is the usual source of these.
    public init(
        request: HTTPRequest,
        version: HTTPVersion,
        keepAlive: Bool,
        expectContinue: Bool,
        framing: HTTPBodyFraming
    ) {
        self.init(storage: RequestHeadStorage.make(built: request), version: version, keepAlive: keepAlive,
                  expectContinue: expectContinue, framing: framing)
    }

    /// A head whose method, target and fields `storage` holds.
    init(
        storage: RequestHeadStorage,
        version: HTTPVersion,
        keepAlive: Bool,
        expectContinue: Bool,
        framing: HTTPBodyFraming
    ) {
        self.storage = storage
        self.version = version
        self.keepAlive = keepAlive
        self.expectContinue = expectContinue
        self.framing = framing
    }

    /// Heads are equal when their requests and decisions are.
    public static func == (lhs: HTTPRequestHead, rhs: HTTPRequestHead) -> Bool {
        lhs.version == rhs.version && lhs.keepAlive == rhs.keepAlive && lhs.expectContinue == rhs.expectContinue
            && lhs.framing == rhs.framing && lhs.request == rhs.request
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(request)
        hasher.combine(version)
        hasher.combine(keepAlive)
        hasher.combine(expectContinue)
        hasher.combine(framing)
    }
}

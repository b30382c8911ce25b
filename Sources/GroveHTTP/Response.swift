import HTTPTypes

/// What a handler answers: a response head and a body.
///
/// A response is a copy-on-write value over one storage object, so that returning a response
/// built once (``prepared()``) costs one reference count, not one per field.
public struct Response: Sendable {
    private var storage: ResponseStorage

    /// Status and header fields. `Content-Length`, `Transfer-Encoding`, `Connection` and
    /// `Date` are set by the server.
    public var head: HTTPResponse {
        get { storage.head }
        set {
            let storage = uniqueStorage()
            storage.head = newValue
            storage.status = newValue.status
            storage.preparedHead = nil
        }
    }
    /// The body.
    public var body: ResponseBody {
        get { storage.body }
        set { uniqueStorage().body = newValue }
    }
    /// `head.status`, kept up to date: reading the status from an `HTTPResponse` parses its
    /// pseudo-header field again, which a response built once and sent many times would pay
    /// on every request.
    var status: HTTPResponse.Status { storage.status }
    /// The status line and fields encoded once by ``prepared()``; nil for other responses.
    var preparedHead: PreparedHead? { storage.preparedHead }
    /// ``preparedHead``, unretained: valid while this response is (a prepared head never
    /// changes; a response that changes gets a new one).
    var unretainedPreparedHead: Unmanaged<PreparedHead>? { storage.preparedHead.map { .passUnretained($0) } }

    /// A response with the given status, fields and body.
    public init(status: HTTPResponse.Status = .ok, headerFields: HTTPFields = [:], body: ResponseBody = .empty) {
        storage = ResponseStorage(head: HTTPResponse(status: status, headerFields: headerFields), status: status,
                                  body: body, preparedHead: nil)
    }

    /// The storage, copied first if another response shares it.
    private mutating func uniqueStorage() -> ResponseStorage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// This response with its status line and header fields encoded once, for a response
    /// sent many times (a static page, a fixed answer): the server then copies those bytes
    /// instead of encoding the fields for every request. Setting ``head`` afterwards drops the
    /// encoding; `Date`, the framing and `Connection` are still the server's, per request.
    ///
    /// ```swift
    /// let hello = Response.text("hello\n").prepared()
    /// router.immediate(.get, "/") { _ in hello }
    /// ```
    public func prepared() -> Response {
        var bytes: [UInt8] = []
        ResponseHeadEncoder.encodeStatusAndFields(head, status: status, into: &bytes)
        var length: Int?
        if case .bytes(let body) = body { length = body.count }
        if case .empty = body { length = 0 }
        var copy = self
        copy.uniqueStorage().preparedHead = PreparedHead(bytes: bytes, bodyLength: length)
        return copy
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headerFields: [.contentType: "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    /// An `application/json` response from already-encoded JSON text.
    public static func json(_ json: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headerFields: [.contentType: "application/json"], body: .bytes(Array(json.utf8)))
    }

    /// A streamed (chunked) response: `writer` is called with a ``ResponseBodyWriter`` once the
    /// head has been sent.
    public static func stream(
        status: HTTPResponse.Status = .ok,
        headerFields: HTTPFields = [:],
        _ writer: @escaping @Sendable (ResponseBodyWriter) async throws -> Void
    ) -> Response {
        Response(status: status, headerFields: headerFields, body: .stream(writer))
    }
}

/// The body of a ``Response``.
public enum ResponseBody: Sendable {
    /// No body (`Content-Length: 0`, or nothing for 204 and 304).
    case empty
    /// A body known in full (`Content-Length`).
    case bytes([UInt8])
    /// A body produced piece by piece (`Transfer-Encoding: chunked`).
    case stream(@Sendable (ResponseBodyWriter) async throws -> Void)
}

/// An error a handler throws to answer with a given status instead of 500.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The status to answer with.
    public var status: HTTPResponse.Status
    /// A short text sent as the body.
    public var message: String

    /// An error answered with `status` and `message`.
    public init(_ status: HTTPResponse.Status, _ message: String? = nil) {
        self.status = status
        self.message = message ?? status.reasonPhrase
    }

    /// `"404 Not Found: no route for GET /x"`.
    public var description: String { "\(status.code) \(status.reasonPhrase): \(message)" }
}

/// The encoded status line and handler-set fields of a prepared ``Response``.
final class PreparedHead: Sendable {
    /// The status line and the handler's fields.
    let bytes: [UInt8]
    /// ``bytes`` and then `Content-Length: bodyLength\r\n`, for the body the response had
    /// when it was prepared (the encoder checks the length it is asked to write).
    let bytesWithLength: [UInt8]
    /// The body length ``bytesWithLength`` announces; nil for a streamed body.
    let bodyLength: Int?

    init(bytes: [UInt8], bodyLength: Int?) {
        self.bytes = bytes
        self.bodyLength = bodyLength
        var withLength = bytes
        if let bodyLength { ResponseHeadEncoder.encodeFraming(.contentLength(bodyLength), into: &withLength) }
        bytesWithLength = withLength
    }
}

/// What a ``Response`` holds; mutated only through a response that holds the sole reference.
final class ResponseStorage: @unchecked Sendable {
    var head: HTTPResponse
    var status: HTTPResponse.Status
    var body: ResponseBody
    var preparedHead: PreparedHead?

    init(head: HTTPResponse, status: HTTPResponse.Status, body: ResponseBody, preparedHead: PreparedHead?) {
        self.head = head
        self.status = status
        self.body = body
        self.preparedHead = preparedHead
    }

    /// A separate storage with the same contents.
    func copy() -> ResponseStorage {
        ResponseStorage(head: head, status: status, body: body, preparedHead: preparedHead)
    }
}

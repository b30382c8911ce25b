import HTTPTypes

/// One answered request, as an access log records it.
public struct AccessLogEntry: Sendable {
    /// The client's address (`127.0.0.1:53412`), or `unix` on a unix socket.
    public var remoteAddress: String
    /// The method.
    public var method: String
    /// The request target as sent (path and query).
    public var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// The status answered.
    public var status: Int
    /// Body bytes sent, nil for a streamed body (not counted).
    public var responseBytes: Int?
    /// From the complete request head to the response written, in nanoseconds.
    public var durationNanoseconds: UInt64
    /// The application that answered (nil: the server itself — a probe, a 404, a parse error).
    public var application: String?
    /// The `User-Agent` field.
    public var userAgent: String?
    /// The `Referer` field.
    public var referer: String?

    /// Makes an entry.
    public init(remoteAddress: String, method: String, target: String, version: String, status: Int,
                responseBytes: Int?, durationNanoseconds: UInt64, application: String?,
                userAgent: String? = nil, referer: String? = nil) {
        self.remoteAddress = remoteAddress
        self.method = method
        self.target = target
        self.version = version
        self.status = status
        self.responseBytes = responseBytes
        self.durationNanoseconds = durationNanoseconds
        self.application = application
        self.userAgent = userAgent
        self.referer = referer
    }
}

/// Where an ``HTTPServer`` reports answered requests. Called on the worker's loop thread after
/// each response is written; it must not block (buffer, write later).
public protocol AccessLogRecorder: AnyObject, Sendable {
    /// Records one answered request.
    func record(_ entry: AccessLogEntry)
}

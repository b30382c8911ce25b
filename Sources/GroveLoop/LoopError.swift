import CLibUV

/// The one error type of the runtime: a libuv (or system) error code, its symbolic name,
/// its message and the operation that failed.
///
/// ```
/// LoopError(operation: "tcp bind 127.0.0.1:80", name: "EACCES", message: "permission denied")
/// ```
public struct LoopError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The negative libuv error code (`UV_E*`), e.g. `-98` for `EADDRINUSE`.
    public let code: Int32
    /// The symbolic name of the code, e.g. `"EADDRINUSE"`.
    public let name: String
    /// The human-readable message, e.g. `"address already in use"`.
    public let message: String
    /// What the runtime was doing, e.g. `"tcp bind 127.0.0.1:8080"`.
    public let operation: String

    /// Makes an error from a negative libuv status code.
    public init(code: Int32, operation: String) {
        self.code = code
        self.name = String(cString: uv_err_name(code))
        self.message = String(cString: uv_strerror(code))
        self.operation = operation
    }

    /// Makes an error from a positive `errno` value.
    public init(errno value: Int32, operation: String) {
        self.init(code: -value, operation: operation)
    }

    /// `"<operation>: <NAME> (<message>)"`.
    public var description: String { "\(operation): \(name) (\(message))" }

    /// True when the error reports a cancelled operation (`ECANCELED`).
    public var isCancellation: Bool { code == UV_ECANCELED.rawValue }
    /// True when the stream was closed locally while the operation waited (`ENOTCONN`/`EBADF`).
    public var isClosed: Bool { code == UV_ENOTCONN.rawValue || code == UV_EBADF.rawValue }
    /// True when the peer reset the connection or it was otherwise broken (`ECONNRESET`, `EPIPE`).
    public var isConnectionReset: Bool { code == UV_ECONNRESET.rawValue || code == UV_EPIPE.rawValue }
    /// True when the process or system ran out of file descriptors (`EMFILE`, `ENFILE`).
    public var isOutOfFileDescriptors: Bool { code == UV_EMFILE.rawValue || code == UV_ENFILE.rawValue }

    /// True when the error reports an operation that timed out (`ETIMEDOUT`).
    public var isTimeout: Bool { code == UV_ETIMEDOUT.rawValue }

    /// A timeout of `operation` (`ETIMEDOUT`).
    public static func timedOut(_ operation: String) -> LoopError {
        LoopError(code: UV_ETIMEDOUT.rawValue, operation: operation)
    }

    static func cancelled(_ operation: String) -> LoopError {
        LoopError(code: UV_ECANCELED.rawValue, operation: operation)
    }

    static func closed(_ operation: String) -> LoopError {
        LoopError(code: UV_ENOTCONN.rawValue, operation: operation)
    }
}

/// Throws a ``LoopError`` when a libuv call returned a negative status.
@inline(__always)
func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(LoopError) {
    if status < 0 { throw LoopError(code: status, operation: operation()) }
}

import HTTPTypes

/// How the body of a response is delimited on the wire.
public enum ResponseFraming: Sendable, Hashable {
    /// `Content-Length: n` (also used, without the body, for HEAD).
    case contentLength(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
    /// No body and no length header (1xx, 204, 304).
    case none
}

/// The `Connection` field a response carries.
public enum ConnectionHeader: Sendable, Hashable {
    /// None: HTTP/1.1 keeps the connection open by default.
    case none
    /// `Connection: close`: the server closes after this response.
    case close
    /// `Connection: keep-alive`: an HTTP/1.0 client that asked to keep the connection needs it
    /// echoed, or it assumes the connection closes.
    case keepAlive

    /// The field for a response to an HTTP/`minor` request that does (or does not) close.
    public static func `for`(closing: Bool, http10: Bool) -> ConnectionHeader {
        closing ? .close : http10 ? .keepAlive : .none
    }
}

/// Writes a response head (status line and fields) into a reusable byte buffer.
///
/// Field values come from swift-http-types, which has already replaced CR, LF and NUL in
/// values with spaces and only accepts token names, so a handler cannot inject a header or a
/// response. The encoder adds `Date`, the framing header and the ``ConnectionHeader``; handler-set `Content-Length`, `Transfer-Encoding`, `Connection` and
/// `Date` fields are replaced by the server's own.
public struct ResponseHeadEncoder: Sendable {
    /// Makes an encoder.
    public init() {}

    /// Appends the head of `response` to `buffer`.
    public func encode(
        _ response: HTTPResponse,
        framing: ResponseFraming,
        connection: ConnectionHeader,
        date: [UInt8],
        into buffer: inout [UInt8]
    ) {
        (Self.datePrefix + date + Self.crlf).withUnsafeBytes { dateField in
            encode(response, status: response.status, framing: framing, connection: connection, dateField: dateField,
                   into: &buffer)
        }
    }

    /// ``encode(_:framing:connection:date:into:)`` for a handler's ``Response``: its status is
    /// already known (reading it parses the pseudo-header field again), a prepared response's
    /// status line and fields are copied as they were encoded (``Response/prepared()``), and
    /// `dateField` is the whole `Date: …\r\n` line.
    func encode(
        _ response: Response,
        framing: ResponseFraming,
        connection: ConnectionHeader,
        dateField: UnsafeRawBufferPointer,
        into buffer: inout some ByteSink & ~Copyable
    ) {
        // Read unretained: `response`, borrowed for the call, holds the prepared head.
        if let prepared = response.unretainedPreparedHead {
            let withLength = prepared._withUnsafeGuaranteedRef { prepared in
                if case .contentLength(let length) = framing, length == prepared.bodyLength {
                    prepared.bytesWithLength.withUnsafeBytes { buffer.append(bytes: $0) }
                    return true
                }
                prepared.bytes.withUnsafeBytes { buffer.append(bytes: $0) }
                return false
            }
            encodeServerFields(framing: withLength ? nil : framing, connection: connection, dateField: dateField,
                               into: &buffer)
        } else {
            encode(response.head, status: response.status, framing: framing, connection: connection, dateField: dateField,
                   into: &buffer)
        }
    }

    /// ``encode(_:framing:connection:date:into:)`` with the status already read from `response`
    /// and the whole `Date: …\r\n` line.
    func encode(
        _ response: HTTPResponse,
        status: HTTPResponse.Status,
        framing: ResponseFraming,
        connection: ConnectionHeader,
        dateField: UnsafeRawBufferPointer,
        into buffer: inout some ByteSink & ~Copyable
    ) {
        Self.encodeStatusAndFields(response, status: status, into: &buffer)
        encodeServerFields(framing: framing, connection: connection, dateField: dateField, into: &buffer)
    }

    /// Appends the status line and the fields a handler set (not those the server writes).
    static func encodeStatusAndFields(_ response: HTTPResponse, status: HTTPResponse.Status, into buffer: inout some ByteSink & ~Copyable) {
        buffer.append(array: statusLine(status))
        for field in response.headerFields where !isManaged(field.name) {
            appendUTF8(field.name.rawName, to: &buffer)
            appendStatic(": ", to: &buffer)
            appendUTF8(field.value, to: &buffer)
            appendStatic("\r\n", to: &buffer)
        }
    }

    /// Appends the fields the server writes — the framing (unless nil: a prepared head has it
    /// already), `Date`, `Connection` — and the blank line that ends the head.
    private func encodeServerFields(framing: ResponseFraming?, connection: ConnectionHeader, dateField: UnsafeRawBufferPointer,
                                    into buffer: inout some ByteSink & ~Copyable) {
        if let framing { Self.encodeFraming(framing, into: &buffer) }
        buffer.append(bytes: dateField)
        switch connection {
        case .none: appendStatic("\r\n", to: &buffer)
        case .close: appendStatic("Connection: close\r\n\r\n", to: &buffer)
        case .keepAlive: appendStatic("Connection: keep-alive\r\n\r\n", to: &buffer)
        }
    }

    /// Appends the field that delimits the body: `Content-Length` or `Transfer-Encoding`.
    static func encodeFraming(_ framing: ResponseFraming, into buffer: inout some ByteSink & ~Copyable) {
        switch framing {
        case .contentLength(let length):
            appendStatic("Content-Length: ", to: &buffer)
            appendDecimal(length, to: &buffer, thenCRLF: true)
        case .chunked:
            appendStatic("Transfer-Encoding: chunked\r\n", to: &buffer)
        case .none:
            break
        }
    }

    /// Whether the server writes the field itself (`Content-Length`, `Transfer-Encoding`,
    /// `Connection`, `Date`): names of other lengths are told apart without comparing text.
    private static func isManaged(_ name: HTTPField.Name) -> Bool {
        switch name.canonicalName.utf8.count {
        case 14: name == .contentLength
        case 17: name == .transferEncoding
        case 10: name == .connection
        case 4: name == .date
        default: false
        }
    }

    /// `HTTP/1.1 200 OK\r\n`, cached for common statuses.
    static func statusLine(_ status: HTTPResponse.Status) -> [UInt8] {
        let index = status.code - 100
        if index >= 0, index < commonStatusLines.count, let cached = commonStatusLines[index] { return cached }
        return makeStatusLine(status)
    }

    private static func makeStatusLine(_ status: HTTPResponse.Status) -> [UInt8] {
        let phrase = status.reasonPhrase.isEmpty ? "Unknown" : status.reasonPhrase
        return Array("HTTP/1.1 \(status.code) \(phrase)\r\n".utf8)
    }

    /// Indexed by status code minus 100.
    private static let commonStatusLines: [[UInt8]?] = {
        let statuses: [HTTPResponse.Status] = [
            .continue, .ok, .created, .accepted, .noContent, .movedPermanently, .found, .notModified,
            .badRequest, .unauthorized, .forbidden, .notFound, .methodNotAllowed, .requestTimeout,
            .contentTooLarge, .uriTooLong, .requestHeaderFieldsTooLarge, .internalServerError,
            .notImplemented, .serviceUnavailable, .httpVersionNotSupported,
        ]
        var lines = [[UInt8]?](repeating: nil, count: 500)
        for status in statuses { lines[status.code - 100] = makeStatusLine(status) }
        return lines
    }()

    private static let crlf: [UInt8] = [13, 10]
    private static let datePrefix = Array("Date: ".utf8)
}

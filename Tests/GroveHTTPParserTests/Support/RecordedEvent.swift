import GroveHTTPParser
import HTTPTypes

/// One field as a test compares it: the name as received or canonical, and the value.
struct FieldSummary: Hashable, CustomStringConvertible {
    var name: String
    var value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    init(_ field: HTTPField) {
        self.init(field.name.rawName, field.value)
    }

    var description: String { "\(name): \(value)" }
}

/// A request head reduced to comparable values.
struct HeadSummary: Hashable {
    var method: String
    var scheme: String?
    var authority: String?
    var path: String?
    var fields: [FieldSummary]
    var version: HTTPVersion
    var keepAlive: Bool
    var expectContinue: Bool
    var framing: HTTPBodyFraming

    init(_ head: HTTPRequestHead) {
        method = head.request.method.rawValue
        scheme = head.request.scheme
        authority = head.request.authority
        path = head.request.path
        fields = head.request.headerFields.map(FieldSummary.init)
        version = head.version
        keepAlive = head.keepAlive
        expectContinue = head.expectContinue
        framing = head.framing
    }
}

/// A parser event as a test records it; body bytes are copied out of the input and
/// consecutive body events merged, so that differently split inputs compare equal.
enum RecordedEvent: Hashable, CustomStringConvertible {
    case head(HeadSummary)
    case body([UInt8])
    case end([FieldSummary]?)
    case error(HTTPParseError.Code, status: Int)

    var description: String {
        switch self {
        case .head(let head): "head(\(head.method) \(head.path ?? "-") \(head.framing))"
        case .body(let bytes): "body(\(String(decoding: bytes, as: UTF8.self).debugDescription))"
        case .end(let trailers): "end(\(trailers.map { "\($0)" } ?? "nil"))"
        case .error(let code, let status): "error(\(code), \(status))"
        }
    }

    /// Whether this is the end of a request.
    var isEnd: Bool {
        if case .end = self { return true }
        return false
    }

    /// The status of an error event, nil otherwise.
    var errorStatus: Int? {
        if case .error(_, let status) = self { return status }
        return nil
    }
}

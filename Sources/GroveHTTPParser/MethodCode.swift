import HTTPTypes

/// A request method as one byte: the methods the server treats apart or sees most, and
/// `.other` for any other token, whose spelling is kept with the head. Comparing codes is
/// what a router does per request instead of comparing method strings; two `.other` codes
/// may stand for different methods.
public enum MethodCode: UInt8, Sendable {
    /// GET.
    case get
    /// POST.
    case post
    /// PUT.
    case put
    /// HEAD (answered without a body).
    case head
    /// CONNECT (authority-form target).
    case connect
    /// OPTIONS (may have the asterisk-form target).
    case options
    /// Any other method: its name tells it apart.
    case other

    /// The method for a code other than `.other`.
    public var knownMethod: HTTPRequest.Method? {
        switch self {
        case .get: .get
        case .post: .post
        case .put: .put
        case .head: .head
        case .connect: .connect
        case .options: .options
        case .other: nil
        }
    }

    /// The code of `method`.
    public init(_ method: HTTPRequest.Method) {
        switch method {
        case .get: self = .get
        case .post: self = .post
        case .put: self = .put
        case .head: self = .head
        case .connect: self = .connect
        case .options: self = .options
        default: self = .other
        }
    }

    /// The method spelled by `bytes`, or nil when they are not a token.
    static func method(spelled bytes: UnsafeRawBufferPointer) -> HTTPRequest.Method? {
        HTTPRequest.Method(ASCII.string(bytes))
    }
}

/// Why a control frame could not be encoded or decoded.
///
/// A decoding error leaves the byte stream unframed: the channel must be closed.
public struct ControlProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Code: Sendable, Hashable {
        /// The length prefix exceeds the decoder's (or encoder's) maximum.
        case frameTooLarge
        /// The length prefix is smaller than the version + type header.
        case frameTooShort
        /// The frame's protocol version is not ``ControlFrame/protocolVersion``.
        case unsupportedVersion
        /// The frame's message type is unknown.
        case unknownMessageType
        /// The payload ended in the middle of a field.
        case truncatedPayload
        /// The payload has bytes left after its last field.
        case trailingBytes
        /// A string field is not valid UTF-8.
        case invalidUTF8
        /// A variable-length integer is longer than 64 bits or does not fit its field.
        case integerOutOfRange
        /// A boolean field is neither 0 nor 1.
        case invalidBoolean
    }

    /// What went wrong.
    public let code: Code
    /// Details: the offending value and the limit.
    public let detail: String

    /// Makes an error.
    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// `"control protocol: <code>: <detail>"`.
    public var description: String { "control protocol: \(code): \(detail)" }
}

/// Why a request was rejected, with the status the server should answer before closing.
///
/// After returning an error the parser stays in a terminal state: the connection answers
/// ``status`` and closes.
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What exactly was wrong with the request.
    public enum Code: Hashable, Sendable {
        /// The method is not a token or is missing.
        case invalidMethod
        /// The request-target is empty, contains forbidden bytes or is of the wrong form.
        case invalidTarget
        /// The version is not of the form `HTTP/DIGIT.DIGIT`.
        case invalidVersion
        /// The version is well formed but not HTTP/1.0 or HTTP/1.1.
        case unsupportedVersion
        /// The request line is not `method SP target SP version`.
        case invalidRequestLine
        /// The request line is longer than ``HTTPParserLimits/maxRequestLineLength``.
        case requestLineTooLong
        /// The head is larger than ``HTTPParserLimits/maxHeaderBytes``.
        case headerSectionTooLarge
        /// There are more fields than ``HTTPParserLimits/maxHeaderCount``.
        case tooManyHeaders
        /// A field name is not a token (this includes whitespace before the colon).
        case invalidHeaderName
        /// A field value contains CR, LF, NUL or another control character.
        case invalidHeaderValue
        /// A field line lacks its colon.
        case missingColon
        /// A field line starts with whitespace (obsolete line folding).
        case obsoleteLineFolding
        /// A line ended in LF without CR, or a CR was not followed by LF.
        case invalidLineEnding
        /// An HTTP/1.1 request has no Host field.
        case missingHost
        /// The request has more than one Host field.
        case duplicateHost
        /// The Host value is not a valid authority.
        case invalidHost
        /// Content-Length is not a non-negative decimal number, or overflows.
        case invalidContentLength
        /// Several Content-Length values that differ.
        case conflictingContentLength
        /// Both Content-Length and Transfer-Encoding are present.
        case contentLengthWithTransferEncoding
        /// Transfer-Encoding is malformed, does not end in chunked, or is used with HTTP/1.0.
        case invalidTransferEncoding
        /// Transfer-Encoding names a coding this server does not implement.
        case unsupportedTransferEncoding
        /// A chunk size is empty, not hexadecimal, or overflows.
        case invalidChunkSize
        /// A chunk extension does not follow `token [= token / quoted-string]`.
        case invalidChunkExtension
        /// A chunk extension is longer than ``HTTPParserLimits/maxChunkExtensionLength``.
        case chunkExtensionTooLong
        /// Chunk data is not followed by CRLF.
        case invalidChunkTerminator
        /// A trailer field is not allowed (framing fields) or malformed.
        case invalidTrailer
        /// The body is larger than ``HTTPParserLimits/maxBodySize``.
        case bodyTooLarge
    }

    /// What exactly was wrong with the request.
    public let code: Code

    /// Creates an error for `code`.
    public init(_ code: Code) {
        self.code = code
    }

    /// The HTTP status code to answer with: 400, 413, 414, 431, 501 or 505.
    public var status: Int {
        switch code {
        case .requestLineTooLong: 414
        case .headerSectionTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        case .unsupportedVersion: 505
        default: 400
        }
    }

    /// A short human-readable reason, suitable for a log line or a response body.
    public var reason: String {
        switch code {
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request-target"
        case .invalidVersion: "invalid HTTP version"
        case .unsupportedVersion: "HTTP version not supported"
        case .invalidRequestLine: "malformed request line"
        case .requestLineTooLong: "request line too long"
        case .headerSectionTooLarge: "header section too large"
        case .tooManyHeaders: "too many header fields"
        case .invalidHeaderName: "invalid header field name"
        case .invalidHeaderValue: "invalid header field value"
        case .missingColon: "header field without colon"
        case .obsoleteLineFolding: "obsolete line folding"
        case .invalidLineEnding: "line not terminated by CRLF"
        case .missingHost: "missing Host"
        case .duplicateHost: "more than one Host"
        case .invalidHost: "invalid Host"
        case .invalidContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .unsupportedTransferEncoding: "unsupported transfer coding"
        case .invalidChunkSize: "invalid chunk size"
        case .invalidChunkExtension: "invalid chunk extension"
        case .chunkExtensionTooLong: "chunk extension too long"
        case .invalidChunkTerminator: "chunk data not followed by CRLF"
        case .invalidTrailer: "invalid trailer field"
        case .bodyTooLarge: "body too large"
        }
    }

    /// `"<status> <reason>"`.
    public var description: String { "\(status) \(reason)" }
}

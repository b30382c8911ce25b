/// Collects, field by field, what a head says about framing and connection handling —
/// Host, Content-Length, Transfer-Encoding, Connection, Expect — and then decides
/// (RFC 9112 §6.3, §9.3; RFC 9110 §8.6, §10.1.1).
struct RequestFraming {
    private(set) var hostCount = 0
    private var contentLength: Int?
    private var transferCodings = TransferCodings.absent
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var continueExpected = false

    /// What the Transfer-Encoding fields listed so far amount to.
    private enum TransferCodings {
        /// No Transfer-Encoding field.
        case absent
        /// A Transfer-Encoding field without any coding yet.
        case empty
        /// Only codings other than chunked so far.
        case otherCodings
        /// Exactly `chunked`; nothing may follow it.
        case chunked
        /// Other codings, then `chunked`; nothing may follow it.
        case chunkedAfterOtherCodings
    }

    /// The decisions taken once all fields are seen.
    struct Decision {
        var framing: HTTPBodyFraming
        var keepAlive: Bool
        var expectContinue: Bool
    }

    /// Records one field of the head.
    mutating func inspect(_ role: FieldRole, _ value: UnsafeRawBufferPointer) -> FieldDisposition {
        switch role {
        case .other:
            return .keep
        case .host:
            hostCount += 1
            guard hostCount == 1 else { return .reject(.duplicateHost) }
            guard RequestTarget.isAuthority(value) else { return .reject(.invalidHost) }
            return .keep
        case .contentLength:
            return recordContentLength(value)
        case .transferEncoding:
            return recordTransferEncoding(value)
        case .connection:
            _ = FieldList.forEachElement(value) { option in
                if ASCII.equalsLowercase(option, "close") { connectionClose = true }
                if ASCII.equalsLowercase(option, "keep-alive") { connectionKeepAlive = true }
                return true
            }
            return .keep
        case .expect:
            _ = FieldList.forEachElement(value) { expectation in
                if ASCII.equalsLowercase(expectation, "100-continue") { continueExpected = true }
                return true
            }
            return .keep
        }
    }

    /// Digits only; a list or repetition of one identical value is accepted (RFC 9110 §8.6).
    private mutating func recordContentLength(_ value: UnsafeRawBufferPointer) -> FieldDisposition {
        var failure: HTTPParseError.Code?
        var elements = 0
        _ = FieldList.forEachElement(value) { element in
            elements += 1
            guard let length = Self.decimal(element) else {
                failure = .invalidContentLength
                return false
            }
            if let previous = contentLength, previous != length {
                failure = .conflictingContentLength
                return false
            }
            contentLength = length
            return true
        }
        if let failure { return .reject(failure) }
        // An empty value, or only commas, states no length at all.
        return elements == 0 ? .reject(.invalidContentLength) : .keep
    }

    /// A list of codings that must end in exactly one `chunked`.
    private mutating func recordTransferEncoding(_ value: UnsafeRawBufferPointer) -> FieldDisposition {
        if transferCodings == .absent { transferCodings = .empty }
        let valid = FieldList.forEachElement(value) { coding in
            // Parameters or garbage are never valid; nor is any coding after chunked.
            guard coding.allSatisfy(ASCII.isTokenChar) else { return false }
            let isChunked = ASCII.equalsLowercase(coding, "chunked")
            switch transferCodings {
            case .absent, .empty: transferCodings = isChunked ? .chunked : .otherCodings
            case .otherCodings: transferCodings = isChunked ? .chunkedAfterOtherCodings : .otherCodings
            case .chunked, .chunkedAfterOtherCodings: return false
            }
            return true
        }
        return valid ? .keep : .reject(.invalidTransferEncoding)
    }

    /// Decides framing, persistence and 100-continue for a head of `version`.
    func decide(version: HTTPVersion, limits: HTTPParserLimits) -> Result<Decision, HTTPParseError> {
        var framing = HTTPBodyFraming.none
        if transferCodings != .absent {
            if contentLength != nil { return .failure(HTTPParseError(.contentLengthWithTransferEncoding)) }
            // HTTP/1.0 has no transfer codings; chunked must be the final coding.
            if version == .http1_0 { return .failure(HTTPParseError(.invalidTransferEncoding)) }
            switch transferCodings {
            case .absent, .empty, .otherCodings:
                return .failure(HTTPParseError(.invalidTransferEncoding))
            case .chunkedAfterOtherCodings:
                return .failure(HTTPParseError(.unsupportedTransferEncoding))
            case .chunked:
                framing = .chunked
            }
        } else if let contentLength {
            if contentLength > limits.maxBodySize { return .failure(HTTPParseError(.bodyTooLarge)) }
            framing = .contentLength(contentLength)
        }
        let keepAlive = version == .http1_1 ? !connectionClose : connectionKeepAlive && !connectionClose
        return .success(
            Decision(framing: framing, keepAlive: keepAlive, expectContinue: continueExpected && version == .http1_1)
        )
    }

    /// A non-negative decimal number without sign, or nil (also on overflow).
    private static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var value = 0
        for byte in bytes {
            let digit = byte &- 0x30
            guard digit < 10 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}

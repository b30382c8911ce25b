/// Streams a chunked body (RFC 9112 §7.1): decodes chunk sizes and extensions byte by byte,
/// and hands out chunk data as ranges of the input without copying. Stops at the last
/// chunk's size line; the trailer section is scanned separately.
struct ChunkedBodyDecoder: Hashable, Sendable {
    /// What one decoding step produced.
    enum Outcome {
        /// Chunk data in this range of the input; everything before its end is consumed.
        case data(Range<Int>)
        /// All input consumed, nothing to report.
        case needMore
        /// The last chunk's size line ended at this offset; the trailer section follows.
        case lastChunk(end: Int)
        /// The body is malformed or too large.
        case failed(HTTPParseError.Code)
    }

    /// Where in the chunk grammar the next byte belongs.
    private enum Phase: Hashable, Sendable {
        /// Hex digits of the size.
        case size
        /// Whitespace after the size, before a `;`.
        case sizeWhitespace
        /// Within `*( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] )`.
        case extensionBeforeName, extensionName, extensionAfterName
        case extensionBeforeValue, extensionToken, extensionQuoted, extensionQuotedPair, extensionAfterValue
        /// The LF of the size line.
        case sizeLF
        /// This many data bytes remain in the current chunk.
        case data(remaining: Int)
        /// The CRLF after chunk data.
        case dataCR, dataLF
    }

    private var phase = Phase.size
    private var chunkSize = 0
    private var sizeDigits = 0
    private var extensionLength = 0
    /// Data bytes announced so far, all chunks together.
    private var bodySize = 0

    /// Decodes from the start of `input` until it can report something.
    mutating func decode(_ input: UnsafeRawBufferPointer, limits: HTTPParserLimits) -> Outcome {
        var index = 0
        while index < input.count {
            if case .data(let remaining) = phase {
                let length = min(remaining, input.count - index)
                phase = remaining == length ? .dataCR : .data(remaining: remaining - length)
                return .data(index..<index + length)
            }
            let byte = input[index]
            index += 1
            if let failure = step(byte, limits: limits) { return .failed(failure) }
            if case .data = phase, chunkSize == 0 {
                startNextChunk()
                return .lastChunk(end: index)
            }
        }
        return .needMore
    }

    /// Advances the framing grammar by one byte; returns the error it caused, if any.
    private mutating func step(_ byte: UInt8, limits: HTTPParserLimits) -> HTTPParseError.Code? {
        switch phase {
        case .size:
            if let digit = ASCII.hexValue(byte) {
                guard sizeDigits < 16, chunkSize <= Int.max >> 4 else { return .invalidChunkSize }
                chunkSize = chunkSize << 4 | digit
                sizeDigits += 1
                return nil
            }
            guard sizeDigits > 0 else { return .invalidChunkSize }
            guard chunkSize <= limits.maxBodySize - bodySize else { return .bodyTooLarge }
            switch byte {
            case ASCII.cr: phase = .sizeLF
            case ASCII.semicolon: phase = .extensionBeforeName
            case ASCII.space, ASCII.tab: phase = .sizeWhitespace
            default: return .invalidChunkSize
            }
            extensionLength = 1
            return nil
        case .sizeLF:
            guard byte == ASCII.lf else { return .invalidLineEnding }
            bodySize += chunkSize
            phase = .data(remaining: chunkSize)
            return nil
        case .dataCR:
            guard byte == ASCII.cr else { return .invalidChunkTerminator }
            phase = .dataLF
            return nil
        case .dataLF:
            guard byte == ASCII.lf else { return .invalidChunkTerminator }
            startNextChunk()
            return nil
        case .data:
            return nil  // handled in bulk by decode
        default:
            extensionLength += 1
            if extensionLength > limits.maxChunkExtensionLength, byte != ASCII.cr { return .chunkExtensionTooLong }
            return stepExtension(byte)
        }
    }

    /// Advances the chunk-extension grammar by one byte.
    private mutating func stepExtension(_ byte: UInt8) -> HTTPParseError.Code? {
        let whitespace = ASCII.isWhitespace(byte)
        switch phase {
        case .sizeWhitespace, .extensionAfterName, .extensionAfterValue, .extensionToken, .extensionName:
            if byte == ASCII.cr, phase != .sizeWhitespace {
                phase = .sizeLF
            } else if byte == ASCII.semicolon {
                phase = .extensionBeforeName
            } else if whitespace {
                if phase == .extensionName { phase = .extensionAfterName }
                if phase == .extensionToken { phase = .extensionAfterValue }
            } else if byte == ASCII.equals, phase == .extensionName || phase == .extensionAfterName {
                phase = .extensionBeforeValue
            } else if ASCII.isTokenChar(byte), phase == .extensionName || phase == .extensionToken {
                // another character of the same token
            } else {
                return .invalidChunkExtension
            }
        case .extensionBeforeName:
            if ASCII.isTokenChar(byte) {
                phase = .extensionName
            } else if !whitespace {
                return .invalidChunkExtension
            }
        case .extensionBeforeValue:
            if ASCII.isTokenChar(byte) {
                phase = .extensionToken
            } else if byte == ASCII.quote {
                phase = .extensionQuoted
            } else if !whitespace {
                return .invalidChunkExtension
            }
        case .extensionQuoted:
            if byte == ASCII.quote {
                phase = .extensionAfterValue
            } else if byte == ASCII.backslash {
                phase = .extensionQuotedPair
            } else if !ASCII.isFieldValueChar(byte) {
                return .invalidChunkExtension
            }
        case .extensionQuotedPair:
            guard ASCII.isFieldValueChar(byte) else { return .invalidChunkExtension }
            phase = .extensionQuoted
        default:
            return .invalidChunkExtension
        }
        return nil
    }

    private mutating func startNextChunk() {
        phase = .size
        chunkSize = 0
        sizeDigits = 0
        extensionLength = 0
    }
}

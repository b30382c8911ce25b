/// Incremental decoder of control frames: feed it byte chunks split anywhere, pull whole messages.
///
/// ```swift
/// var decoder = ControlFrameDecoder()
/// decoder.append(chunk)
/// while let message = try decoder.next() { handle(message) }
/// ```
///
/// The header is checked as soon as its bytes arrive, so an oversized frame, an unknown version or
/// an unknown type is rejected without buffering its payload. After an error the decoder stays
/// failed (every later ``next()`` rethrows it): the stream has lost its framing, close the channel.
public struct ControlFrameDecoder: Sendable {
    /// Largest accepted value of the length prefix (version + type + payload bytes).
    public let maximumFrameLength: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var failure: ControlProtocolError?

    /// Makes a decoder that rejects frames longer than `maximumFrameLength`.
    public init(maximumFrameLength: Int = ControlFrame.defaultMaximumLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Bytes received but not yet consumed by a complete frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Appends received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends `bytes` and returns every message completed so far.
    ///
    /// When a malformed frame follows complete messages, those messages are returned first and the
    /// error is thrown by the next call (the decoder stays failed).
    public mutating func decode(_ bytes: some Sequence<UInt8>) throws(ControlProtocolError) -> [ControlMessage] {
        append(bytes)
        var messages: [ControlMessage] = []
        do {
            while let message = try next() { messages.append(message) }
        } catch {
            if messages.isEmpty { throw error }
        }
        return messages
    }

    /// The next complete message, or `nil` when more bytes are needed.
    public mutating func next() throws(ControlProtocolError) -> ControlMessage? {
        if let failure { throw failure }
        do {
            return try decodeNext()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func decodeNext() throws(ControlProtocolError) -> ControlMessage? {
        let available = bufferedByteCount
        guard available >= ControlFrame.lengthPrefixSize else { return nil }
        var length = 0
        for offset in 0..<ControlFrame.lengthPrefixSize {
            length = length << 8 | Int(buffer[readIndex + offset])
        }
        guard length >= ControlFrame.headerSize else {
            throw ControlProtocolError(.frameTooShort, "length \(length), at least \(ControlFrame.headerSize)")
        }
        guard length <= maximumFrameLength else {
            throw ControlProtocolError(.frameTooLarge, "frame of \(length) bytes, limit \(maximumFrameLength)")
        }
        let versionIndex = readIndex + ControlFrame.lengthPrefixSize
        if available > ControlFrame.lengthPrefixSize, buffer[versionIndex] != ControlFrame.protocolVersion {
            throw ControlProtocolError(
                .unsupportedVersion,
                "version \(buffer[versionIndex]), this side speaks \(ControlFrame.protocolVersion)"
            )
        }
        var messageType: ControlMessageType?
        if available > ControlFrame.lengthPrefixSize + 1 {
            let typeByte = buffer[versionIndex + 1]
            guard let known = ControlMessageType(rawValue: typeByte) else {
                throw ControlProtocolError(.unknownMessageType, "type 0x\(String(typeByte, radix: 16))")
            }
            messageType = known
        }
        let frameEnd = versionIndex + length
        guard let messageType, buffer.count >= frameEnd else { return nil }
        let payload = buffer[(versionIndex + ControlFrame.headerSize)..<frameEnd]
        let message = try ControlMessage.decode(type: messageType, payload: payload)
        readIndex = frameEnd
        compactIfWorthwhile()
        return message
    }

    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if readIndex >= 4096, readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}

import Testing
@testable import GroveMaster

/// One sample of every message, with edge values.
let everyControlMessage: [ControlMessage] = [
    .gracefulStop(deadlineUnixNanos: 1_763_000_000_123_456_789, reason: "reload to generation 2"),
    .gracefulStop(deadlineUnixNanos: -1, reason: ""),
    .fastStop,
    .snapshotRequest(id: 0),
    .snapshotRequest(id: UInt64.max),
    .reopenLogs,
    .stopAccepting,
    .ready(pid: 4242, generation: 3, slot: 0),
    .ready(pid: Int32.max, generation: Int.max, slot: Int.min),
    .heartbeat(loopLagMicros: 127, requestsServed: 1 << 40, inFlight: 3, activeConnections: 17),
    .counters([]),
    .counters([WorkerCounter(name: "requests_total", value: 99), WorkerCounter(name: "bytes_out", value: UInt64.max)]),
    .snapshot(id: 7, json: #"{"scope":"/server/conn-1","tasks":["read"]}"#),
    .stuckReport(json: #"{"stuck":["/server/conn-12/handler"],"note":"é✓😀"}"#),
    .exiting(reason: "graceful stop", clean: true),
    .exiting(reason: "drain deadline", clean: false),
]

@Suite("Control protocol codec")
struct ControlProtocolTests {
    @Test("every message round-trips through one frame", arguments: everyControlMessage)
    func roundTrip(message: ControlMessage) throws {
        let frame = try message.encodedFrame()
        var decoder = ControlFrameDecoder()
        #expect(try decoder.decode(frame) == [message])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("frame header: big-endian length, version 1, type byte")
    func frameLayout() throws {
        let frame = try ControlMessage.snapshotRequest(id: 300).encodedFrame()
        #expect(frame == [0, 0, 0, 4, 1, 0x03, 0xAC, 0x02])
        #expect(try ControlMessage.fastStop.encodedFrame() == [0, 0, 0, 2, 1, 0x02])
    }

    @Test("the whole stream survives a split at every byte offset")
    func everySplitPoint() throws {
        let stream = try everyControlMessage.flatMap { try $0.encodedFrame() }
        for split in 0...stream.count {
            var decoder = ControlFrameDecoder()
            var decoded = try decoder.decode(stream[..<split])
            decoded += try decoder.decode(stream[split...])
            #expect(decoded == everyControlMessage, "split at \(split)")
        }
    }

    @Test("byte-at-a-time feeding yields each message exactly when its last byte arrives")
    func byteAtATime() throws {
        let frames = try everyControlMessage.map { try $0.encodedFrame() }
        var decoder = ControlFrameDecoder()
        var decoded: [ControlMessage] = []
        for frame in frames {
            for (offset, byte) in frame.enumerated() {
                let out = try decoder.decode([byte])
                #expect(out.isEmpty == (offset < frame.count - 1))
                decoded += out
            }
        }
        #expect(decoded == everyControlMessage)
    }

    @Test("an oversized length is rejected from the prefix alone")
    func oversized() {
        var decoder = ControlFrameDecoder(maximumFrameLength: 1024)
        #expect(throws: ControlProtocolError.self) { try decoder.decode([0, 0, 4, 1]) }
        do {
            _ = try decoder.next()
            Issue.record("decoder must stay failed")
        } catch {
            #expect(error.code == .frameTooLarge)
        }
    }

    @Test("the encoder refuses a frame the peer would reject")
    func encoderLimit() {
        let big = ControlMessage.stuckReport(json: String(repeating: "x", count: 100))
        #expect(throws: ControlProtocolError(.frameTooLarge, "frame of 103 bytes, limit 64")) {
            try big.encodedFrame(maximumFrameLength: 64)
        }
    }

    @Test("malformed frames are rejected with the matching code", arguments: [
        ([0, 0, 0, 1, 1] as [UInt8], ControlProtocolError.Code.frameTooShort),
        ([0, 0, 0, 2, 2], .unsupportedVersion),
        ([0, 0, 0, 2, 1, 0x7F], .unknownMessageType),
        ([0, 0, 0, 3, 1, 0x03, 0x80], .truncatedPayload),
        ([0, 0, 0, 3, 1, 0x02, 0x00], .trailingBytes),
        ([0, 0, 0, 4, 1, 0x85, 0x01, 0xFF], .invalidUTF8),
        ([0, 0, 0, 4, 1, 0x86, 0x00, 0x02], .invalidBoolean),
        ([0, 0, 0, 13, 1, 0x03] + [UInt8](repeating: 0xFF, count: 10) + [0x01], .integerOutOfRange),
        ([0, 0, 0, 5, 1, 0x81, 0x80, 0x80, 0x80], .truncatedPayload),
        ([0, 0, 0, 8, 1, 0x81, 0xFE, 0xFF, 0xFF, 0xFF, 0x1F, 0x00], .integerOutOfRange),
        ([0, 0, 0, 4, 1, 0x83, 0x7F, 0x00], .truncatedPayload),
    ])
    func malformed(bytes: [UInt8], code: ControlProtocolError.Code) {
        var decoder = ControlFrameDecoder()
        do {
            let messages = try decoder.decode(bytes)
            Issue.record("decoded \(messages) from malformed bytes")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("messages before a malformed frame are delivered, then the error is thrown")
    func messagesBeforeError() throws {
        var decoder = ControlFrameDecoder()
        let good = try ControlMessage.stuckReport(json: "{}").encodedFrame()
        #expect(try decoder.decode(good + [0, 0, 0, 2, 9, 0x01]) == [.stuckReport(json: "{}")])
        #expect(throws: ControlProtocolError.self) { try decoder.decode([]) }
    }

    @Test("a frame with a bad version is rejected before its payload arrives")
    func earlyVersionCheck() {
        var decoder = ControlFrameDecoder()
        #expect(throws: ControlProtocolError.self) { try decoder.decode([0, 0, 0, 200, 9]) }
    }

    @Test("messages know their direction")
    func directions() {
        #expect(ControlMessage.fastStop.direction == .masterToWorker)
        #expect(ControlMessage.stuckReport(json: "{}").direction == .workerToMaster)
    }
}

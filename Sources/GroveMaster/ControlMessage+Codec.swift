extension ControlMessage {
    /// Encodes the message as one complete frame (length prefix, version, type, payload).
    ///
    /// Throws ``ControlProtocolError/Code/frameTooLarge`` when the frame would exceed
    /// `maximumFrameLength` (the peer's decoder would reject it).
    public func encodedFrame(
        maximumFrameLength: Int = ControlFrame.defaultMaximumLength
    ) throws(ControlProtocolError) -> [UInt8] {
        var payload = PayloadWriter()
        encodePayload(into: &payload)
        let length = ControlFrame.headerSize + payload.bytes.count
        guard length <= maximumFrameLength, length <= Int(UInt32.max) else {
            throw ControlProtocolError(.frameTooLarge, "frame of \(length) bytes, limit \(maximumFrameLength)")
        }
        var frame: [UInt8] = []
        frame.reserveCapacity(ControlFrame.lengthPrefixSize + length)
        let length32 = UInt32(length)
        for shift in stride(from: 24, through: 0, by: -8) {
            frame.append(UInt8(truncatingIfNeeded: length32 >> UInt32(shift)))
        }
        frame.append(ControlFrame.protocolVersion)
        frame.append(messageType.rawValue)
        frame.append(contentsOf: payload.bytes)
        return frame
    }

    var messageType: ControlMessageType {
        switch self {
        case .gracefulStop: .gracefulStop
        case .fastStop: .fastStop
        case .snapshotRequest: .snapshotRequest
        case .reopenLogs: .reopenLogs
        case .stopAccepting: .stopAccepting
        case .ready: .ready
        case .heartbeat: .heartbeat
        case .counters: .counters
        case .metrics: .metrics
        case .snapshot: .snapshot
        case .stuckReport: .stuckReport
        case .exiting: .exiting
        }
    }

    private func encodePayload(into writer: inout PayloadWriter) {
        switch self {
        case .gracefulStop(let deadline, let reason):
            writer.writeSigned(deadline)
            writer.writeString(reason)
        case .fastStop, .reopenLogs, .stopAccepting:
            break
        case .snapshotRequest(let id):
            writer.writeUnsigned(id)
        case .ready(let pid, let generation, let slot):
            writer.writeSigned(Int64(pid))
            writer.writeSigned(Int64(generation))
            writer.writeSigned(Int64(slot))
        case .heartbeat(let lag, let served, let inFlight, let connections):
            writer.writeUnsigned(lag)
            writer.writeUnsigned(served)
            writer.writeUnsigned(inFlight)
            writer.writeUnsigned(connections)
        case .counters(let counters):
            writer.writeUnsigned(UInt64(counters.count))
            for counter in counters {
                writer.writeString(counter.name)
                writer.writeUnsigned(counter.value)
            }
        case .metrics(let report):
            report.encode(into: &writer)
        case .snapshot(let id, let json):
            writer.writeUnsigned(id)
            writer.writeString(json)
        case .stuckReport(let json):
            writer.writeString(json)
        case .exiting(let reason, let clean):
            writer.writeString(reason)
            writer.writeBool(clean)
        }
    }

    /// Decodes the payload of a frame whose type byte is `type`.
    static func decode(type: ControlMessageType, payload: ArraySlice<UInt8>) throws(ControlProtocolError) -> ControlMessage {
        var reader = PayloadReader(payload)
        let message: ControlMessage
        switch type {
        case .gracefulStop:
            message = .gracefulStop(deadlineUnixNanos: try reader.readSigned(), reason: try reader.readString())
        case .fastStop:
            message = .fastStop
        case .snapshotRequest:
            message = .snapshotRequest(id: try reader.readUnsigned())
        case .reopenLogs:
            message = .reopenLogs
        case .stopAccepting:
            message = .stopAccepting
        case .ready:
            message = .ready(pid: try reader.readInt32(), generation: try reader.readInt(), slot: try reader.readInt())
        case .heartbeat:
            message = .heartbeat(
                loopLagMicros: try reader.readUnsigned(),
                requestsServed: try reader.readUnsigned(),
                inFlight: try reader.readUnsigned(),
                activeConnections: try reader.readUnsigned()
            )
        case .counters:
            message = .counters(try decodeCounters(&reader, payloadSize: payload.count))
        case .metrics:
            message = .metrics(try MetricsReport.decode(&reader, payloadSize: payload.count))
        case .snapshot:
            message = .snapshot(id: try reader.readUnsigned(), json: try reader.readString())
        case .stuckReport:
            message = .stuckReport(json: try reader.readString())
        case .exiting:
            message = .exiting(reason: try reader.readString(), clean: try reader.readBool())
        }
        try reader.finish()
        return message
    }

    private static func decodeCounters(
        _ reader: inout PayloadReader,
        payloadSize: Int
    ) throws(ControlProtocolError) -> [WorkerCounter] {
        let count = try reader.readUnsigned()
        // Each counter takes at least 2 bytes: refuse counts the payload cannot hold before allocating.
        guard count <= UInt64(payloadSize / 2) else {
            throw ControlProtocolError(.truncatedPayload, "\(count) counters in a \(payloadSize)-byte payload")
        }
        var counters: [WorkerCounter] = []
        counters.reserveCapacity(Int(count))
        for _ in 0..<count {
            counters.append(WorkerCounter(name: try reader.readString(), value: try reader.readUnsigned()))
        }
        return counters
    }
}

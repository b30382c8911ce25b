/// One message of the master ↔ worker control channel (one socketpair per worker).
///
/// Master → worker: ``gracefulStop(deadlineUnixNanos:reason:)``, ``fastStop``,
/// ``snapshotRequest(id:)``, ``reopenLogs``, ``stopAccepting``.
/// Worker → master: ``ready(pid:generation:slot:)``, ``heartbeat(loopLagMicros:requestsServed:inFlight:activeConnections:)``,
/// ``counters(_:)``, ``metrics(_:)``, ``snapshot(id:json:)``, ``stuckReport(json:)``, ``exiting(reason:clean:)``.
///
/// Frames are encoded by ``encodedFrame(maximumFrameLength:)`` and decoded by ``ControlFrameDecoder``.
public enum ControlMessage: Sendable, Hashable {
    // MARK: Master → worker

    /// Drain and exit: stop accepting, finish in-flight work, unwind the scope tree, exit before
    /// `deadlineUnixNanos` (wall clock, nanoseconds since the Unix epoch). `reason` is for the worker's log.
    /// Implies ``stopAccepting``.
    case gracefulStop(deadlineUnixNanos: Int64, reason: String)
    /// Cancel everything now and exit as fast as possible.
    case fastStop
    /// Asks for a scope-tree snapshot (also used as the "stuck report" request); answered by ``snapshot(id:json:)``.
    case snapshotRequest(id: UInt64)
    /// Reopen the worker's log files (after `SIGUSR1` to the master).
    case reopenLogs
    /// Accept what is already queued on the slot's listener, then close the worker's copy of it;
    /// keep serving the connections already accepted.
    case stopAccepting

    // MARK: Worker → master

    /// The worker finished booting and accepts connections.
    case ready(pid: Int32, generation: Int, slot: Int)
    /// Periodic liveness report with the event-loop lag measured by the worker.
    case heartbeat(loopLagMicros: UInt64, requestsServed: UInt64, inFlight: UInt64, activeConnections: UInt64)
    /// Named monotonic counters (requests, bytes, errors, …); names are free-form.
    case counters([WorkerCounter])
    /// The worker's figures (counters, gauges, histograms with labels), sent periodically and
    /// once more just before ``exiting(reason:clean:)``.
    case metrics(MetricsReport)
    /// Answer to ``snapshotRequest(id:)``: the scope-tree snapshot as opaque UTF-8 JSON.
    case snapshot(id: UInt64, json: String)
    /// Tasks that did not finish in time, by scope path, as opaque UTF-8 JSON.
    case stuckReport(json: String)
    /// Sent just before exiting: why, and whether everything stopped cleanly.
    case exiting(reason: String, clean: Bool)

    /// Which way the message travels.
    public var direction: ControlMessageDirection {
        switch self {
        case .gracefulStop, .fastStop, .snapshotRequest, .reopenLogs, .stopAccepting: .masterToWorker
        case .ready, .heartbeat, .counters, .metrics, .snapshot, .stuckReport, .exiting: .workerToMaster
        }
    }
}

/// Which side sends a ``ControlMessage``.
public enum ControlMessageDirection: Sendable, Hashable {
    /// Sent by the master to a worker.
    case masterToWorker
    /// Sent by a worker to the master.
    case workerToMaster
}

/// One named counter in a ``ControlMessage/counters(_:)`` message.
public struct WorkerCounter: Sendable, Hashable {
    /// The counter's name, e.g. `"requests_total"`.
    public var name: String
    /// The counter's value.
    public var value: UInt64

    /// Makes a counter.
    public init(name: String, value: UInt64) {
        self.name = name
        self.value = value
    }
}

/// Constants of the control-channel framing.
///
/// A frame is `length (UInt32, big-endian) | version (UInt8) | type (UInt8) | payload`, where
/// `length` counts every byte after itself (so it is at least 2).
public enum ControlFrame {
    /// The protocol version this module speaks.
    public static let protocolVersion: UInt8 = 1
    /// Bytes of the length prefix.
    public static let lengthPrefixSize = 4
    /// Bytes of version + type that every frame carries after the length prefix.
    public static let headerSize = 2
    /// Default largest accepted `length` value: 16 MiB.
    public static let defaultMaximumLength = 16 * 1024 * 1024
}

/// The wire code of each message type.
enum ControlMessageType: UInt8 {
    case gracefulStop = 0x01
    case fastStop = 0x02
    case snapshotRequest = 0x03
    case reopenLogs = 0x04
    case stopAccepting = 0x05
    case ready = 0x81
    case heartbeat = 0x82
    case counters = 0x83
    case snapshot = 0x84
    case stuckReport = 0x85
    case exiting = 0x86
    case metrics = 0x87
}

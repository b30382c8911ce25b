import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A swift-log handler writing text or JSON lines to a ``LogDestination``, each line stamped
/// with the time, the level, the logger's label, the pid and — in a worker — its slot and
/// generation.
///
/// Text: `2026-11-22T06:23:38.123Z info grove.worker[41 worker 0/1]: message key=value`
/// (`grove.master[40]:` in the master; a multi-line message keeps its lines).
/// JSON: `{"time":…,"level":"notice","label":"grove.master","message":"…","pid":41,
/// "worker":0,"generation":1,"metadata":{…}}`.
public struct GroveLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// Text or JSON.
    public let format: LogFormat
    /// Where the lines go.
    public let destination: LogDestination
    /// The process's worker slot, if any.
    public let context: ProcessLogContext
    /// See `LogHandler`.
    public var logLevel: Logger.Level
    /// See `LogHandler`.
    public var metadata: Logger.Metadata = [:]
    /// See `LogHandler`.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label`.
    public init(label: String, format: LogFormat, destination: LogDestination, context: ProcessLogContext,
                level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.format = format
        self.destination = destination
        self.context = context
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    /// See `LogHandler`.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        let line = Self.line(format: format, time: LogTimestamp.now(), level: event.level, label: label,
                             message: event.message.description, metadata: merged, pid: getpid(),
                             worker: context.workerSlot)
        destination.write(Array(line.utf8))
    }

    /// One formatted line, newline included.
    static func line(format: LogFormat, time: String, level: Logger.Level, label: String, message: String,
                     metadata: Logger.Metadata, pid: Int32, worker: (slot: Int, generation: Int)?) -> String {
        switch format {
        case .text:
            // syslog-like `label[pid]:`: no bare number before the message, which tools (and
            // tests) scan for the pids it names.
            let process = worker.map { "[\(pid) worker \($0.slot)/\($0.generation)]" } ?? "[\(pid)]"
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            // Multi-line messages (a shutdown report's table) stay readable: their lines follow as
            // they are. JSON is the format for machines: one event, one line.
            return "\(time) \(level) \(label)\(process): \(message)\(fields.isEmpty ? "" : " " + fields)\n"
        case .json:
            var line = "{\"time\":\"\(time)\",\"level\":\"\(level)\",\"label\":\(JSONText.quoted(label)),"
                + "\"message\":\(JSONText.quoted(message)),\"pid\":\(pid)"
            if let worker { line += ",\"worker\":\(worker.slot),\"generation\":\(worker.generation)" }
            if !metadata.isEmpty { line += ",\"metadata\":" + JSONText.object(metadata) }
            return line + "}\n"
        }
    }
}

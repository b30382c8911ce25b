import Logging
import Synchronization

/// Collects log messages so tests can assert what the root logged.
final class LogCapture: Sendable {
    private let messages = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])

    var logger: Logger {
        Logger(label: "test") { _ in CapturingLogHandler(capture: self) }
    }

    var entries: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] {
        messages.withLock { $0.map { (level: $0.0, message: $0.1, metadata: $0.2) } }
    }

    fileprivate func append(_ level: Logger.Level, _ message: String, _ metadata: Logger.Metadata) {
        messages.withLock { $0.append((level, message, metadata)) }
    }
}

private struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append(event.level, event.message.description, metadata.merging(event.metadata ?? [:]) { $1 })
    }
}

import Logging
import ServiceLifecycle

/// A stand-in for a telemetry exporter written against swift-service-lifecycle: it "exports"
/// a counter every `interval` and, on graceful shutdown, exports once more and returns. The
/// demo runs it in `myapp-b`'s background scope with `scope.run(service:)`.
struct DemoExporter: Service {
    let name: String
    let interval: Duration
    /// The worker's loop clock (so sleeps stay on the loop thread).
    let clock: any Clock<Duration>
    let read: @Sendable () -> Int
    let logger = Logger(label: "grove.demo-exporter")

    func run() async throws {
        var exports = 0
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch is CancellationError {
                if Task.isCancelled { throw CancellationError() }  // Grove's forced phase
                break  // the graceful signal ended the wait
            }
            exports += 1
            logger.debug("exported", metadata: ["app": "\(name)", "value": "\(read())"])
        }
        logger.info("final export on graceful shutdown", metadata: ["app": "\(name)", "value": "\(read())",
                                                                  "exports": "\(exports)"])
    }
}

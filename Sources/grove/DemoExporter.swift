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

    /// How often the exporter looks at `Task.isShuttingDownGracefully` between exports: the
    /// final export follows a graceful signal within this time.
    static let shutdownCheckInterval: Duration = .milliseconds(100)

    func run() async throws {
        // The wait is a short sleep in a loop that reads the graceful flag, not
        // `cancelWhenGracefulShutdown { sleep }`: that helper's implementation starts a plain
        // `Task {}` each time it finishes (to resume its waiter), and the worker would report an
        // escaped task every interval.
        precondition(interval > .zero, "DemoExporter: the interval must be positive")
        let step = min(interval, Self.shutdownCheckInterval)
        var exports = 0
        var sinceExport: Duration = .zero
        while !Task.isShuttingDownGracefully {
            try await clock.sleep(for: step)  // Grove's forced phase cancels it: the service ends
            sinceExport += step
            guard sinceExport >= interval else { continue }
            sinceExport = .zero
            exports += 1
            logger.debug("exported", metadata: ["app": "\(name)", "value": "\(read())"])
        }
        logger.info("final export on graceful shutdown", metadata: ["app": "\(name)", "value": "\(read())",
                                                                  "exports": "\(exports)"])
    }
}

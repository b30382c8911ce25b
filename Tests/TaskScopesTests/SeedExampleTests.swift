import Testing
import TaskScopes

// BEGIN SEED EXAMPLE
/// A web server with two applications, each with `handlers`, `timers`, `background` and
/// `listener` scopes. `acceptor(app)` yields accepted peers; `waitForSignal` returns on SIGTERM.
func serveTwoApplications(
    clock: any Clock<Duration>,
    acceptor: @escaping @Sendable (String) -> AsyncStream<String>,
    waitForSignal: () async -> Void,
    log: @escaping @Sendable (String) -> Void
) async throws -> ShutdownReport {
    let root = TaskScope.root(name: "root", clock: clock,
                              options: ScopeOptions(gracefulTimeout: .seconds(10), forcedTimeout: .seconds(5)))
    for appName in ["myapp-a", "myapp-b"] {
        let app = try root.child(name: appName)
        // A failing handler is logged; its siblings go on serving.
        let handlers = try app.child(name: "handlers", policy: .supervise) { failure in log("handler failed: \(failure)") }
        let timers = try app.child(name: "timers")
        let background = try app.child(name: "background", policy: .failFast)
        // Created last, so shut down first: stop accepting before draining the handlers.
        let listener = try app.child(name: "listener")

        // A timer: restarted with backoff; more than 5 restarts a minute escalates to `app`.
        try timers.service(name: "refresh-cache", restart: .permanent,
                           intensity: RestartIntensity(maxRestarts: 5, period: .seconds(60)),
                           backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(5))) {
            while true {
                try await timers.withTimeout(.seconds(2)) { log("\(appName): cache refreshed") }
                // Tick every 30 s on the injected clock, or stop when the graceful signal arrives.
                let keepGoing = try await race(.firstCompletion,
                    { @Sendable () async throws -> Bool in try await clock.sleep(for: .seconds(30)); return true },
                    { @Sendable () async throws -> Bool in try await TaskScope.gracefulShutdown(); return false })
                if !keepGoing { return }
            }
        }

        // A background job whose final commit survives a forced shutdown for up to 3 s.
        try background.spawn(name: "warm-up") {
            try await TaskScope.shielded(maxDuration: .seconds(3)) { log("\(appName): warm-up committed") }
        }

        // The accept loop lives in `listener` and spawns each connection into `handlers`.
        try listener.spawn(name: "accept-loop") {
            try await TaskScope.cancelOnGracefulShutdown {
                for await peer in acceptor(appName) {
                    try handlers.spawn(name: "conn-\(peer)") {
                        let keepAlive = !TaskScope.isShuttingDown
                        log("\(appName): served \(peer), keep-alive \(keepAlive)")
                    }
                }
            }
        }
    }

    await waitForSignal()
    let report = await root.shutdown(cause: .signal("SIGTERM"), within: .seconds(30))
    log(report.description)  // the stuck report, if anything had to be abandoned
    return report
}
// END SEED EXAMPLE

@Suite struct SeedExampleTests {
    @Test func seedExampleServesAndShutsDownCleanly() async throws {
        let clock = TestClock()
        let lines = Recorder<String>()
        let report = try await serveTwoApplications(
            clock: clock,
            acceptor: { _ in
                AsyncStream { continuation in
                    for peer in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] { continuation.yield(peer) }
                    // The stream stays open: only the graceful signal stops the accept loop.
                }
            },
            waitForSignal: {
                await eventually {
                    let all = lines.all
                    return all.filter { $0.contains("served") }.count == 6
                        && all.filter { $0.contains("cache refreshed") }.count == 2
                        && all.filter { $0.contains("committed") }.count == 2
                }
            },
            log: { lines.append($0) })
        #expect(report.isClean)
        #expect(report.cause == .signal("SIGTERM"))
        #expect(report.lingering.isEmpty && report.allLingering.isEmpty)
        let app = try #require(report.report(for: "root/myapp-a"))
        #expect(app.children.map(\.scopePath) == ["root/myapp-a/handlers", "root/myapp-a/timers",
                                                   "root/myapp-a/background", "root/myapp-a/listener"])
        #expect(report.report(for: "root/myapp-b/handlers")?.phaseReached == .graceful)
        #expect(lines.all.last?.hasPrefix("shutdown of root (signal SIGTERM)") == true)
        #expect(clock.now.offset == .zero)  // nothing needed a timeout
    }
}

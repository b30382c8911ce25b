import GroveHTTP
import GroveLoop
import GroveServiceLifecycle
import Synchronization
import TaskScopes

/// The applications the demo server mounts (the seed example plus a lab to see the semantics).
enum DemoApplications {
    /// The names of the applications `all` makes (checked against a configuration file's
    /// `applications` section without making them).
    static let names = ["hello", "myapp-a", "myapp-b", "lab"]

    static func all(labFaults: Bool) -> [Application] {
        let applications = [hello(), seed(name: "myapp-a", tick: .seconds(1)), seed(name: "myapp-b", tick: .seconds(2)),
                            lab(faults: labFaults)]
        assert(applications.map(\.name) == names, "DemoApplications.names is out of date")
        return applications
    }

    /// `/`: hello world, answered without a task (an immediate route).
    static func hello() -> Application {
        var app = Application(name: "hello", mountPath: "/")
        let hello = Response(headerFields: [.contentType: "text/plain"], body: .bytes(Array("Hello, Grove\n".utf8))).prepared()
        app.router.immediate(.get, "/") { _ in hello }
        return app
    }

    /// `/myapp-a`, `/myapp-b`: an application with a timer service and a background task
    /// (`myapp-b` also runs a swift-service-lifecycle service, ``DemoExporter``).
    static func seed(name: String, tick: Duration) -> Application {
        let ticks = Counter()
        let jobs = Counter()
        var app = Application(name: name, mountPath: "/\(name)")
        app.router.get("/") { _ in
            .text("\(name): \(ticks.value) ticks, \(jobs.value) background jobs done\n")
        }
        app.onStart = { scopes in
            let clock = scopes.scope.clock
            try scopes.timers.service(name: "tick", restart: .permanent) {
                // A timer has nothing to finish: it stops as soon as its scope's turn comes.
                try await TaskScope.cancelOnGracefulShutdown {
                    while true {
                        try await clock.sleep(for: tick)
                        ticks.increment()
                    }
                }
            }
            try scopes.background.spawn(name: "jobs") {
                // A background worker that finishes its current job when asked to stop.
                while !(TaskScope.current?.isShuttingDown ?? true) {
                    try await clock.sleep(for: .milliseconds(500))
                    jobs.increment()
                }
            }
            if name == "myapp-b" {
                try scopes.background.run(service: DemoExporter(name: name, interval: .seconds(5), clock: clock) { jobs.value },
                                          name: "demo-exporter")
            }
        }
        return app
    }

    /// `/lab/...`: endpoints that make the scope semantics visible.
    static func lab(faults: Bool) -> Application {
        var app = Application(name: "lab", mountPath: "/lab")
        app.router.get("/sleep") { request in
            // Finishes during a graceful stop (it is not cancelled before the graceful timeout).
            let milliseconds = request.query("ms", as: Int.self) ?? 1000
            try await TaskScope.current!.clock.sleep(for: .milliseconds(milliseconds))
            return .text("slept \(milliseconds) ms\n")
        }
        app.router.get("/stream") { request in
            let chunks = request.query("chunks", as: Int.self) ?? 5
            let interval = request.query("interval_ms", as: Int.self) ?? 200
            let clock = TaskScope.current!.clock
            return .stream(headerFields: [.contentType: "text/plain"]) { writer in
                for index in 0..<chunks {
                    if index > 0 { try await clock.sleep(for: .milliseconds(interval)) }
                    try await writer.write("chunk \(index + 1) of \(chunks)\n")
                }
            }
        }
        app.router.get("/cpu") { request in
            // Busy for N ms on the loop thread: the loop lags meanwhile (as a real CPU-bound
            // handler would make it).
            let milliseconds = request.query("ms", as: Int.self) ?? 10
            let clock = ContinuousClock()
            let start = clock.now
            var spins = 0
            while start.duration(to: clock.now) < .milliseconds(milliseconds) {
                spins &+= 1
            }
            return .text("burned \(milliseconds) ms of CPU (\(spins) spins)\n")
        }
        app.router.post("/echo") { request in
            // Reads the whole body as it arrives (a malformed one fails the read: 4xx).
            var count = 0
            for try await piece in request.body { count += piece.count }
            return .text("read \(count) body bytes\n")
        }
        if faults {
            app.router.get("/ignore-cancel") { request in
                // Ignores cancellation: the stuck report must name it.
                let milliseconds = request.query("ms", as: Int.self) ?? 60_000
                let scope = TaskScope.current!
                let clock = scope.clock
                // Awaiting an unstructured task does not pass cancellation on: the request
                // sleeps its full time whatever happens.
                await Task(executorPreference: scope.executor) {
                    try? await clock.sleep(for: .milliseconds(milliseconds))
                }.value
                return .text("ignored cancellation for \(milliseconds) ms\n")
            }
            app.router.get("/leak-task") { request in
                // A plain `Task {}` leaves the loop and every scope: the worker logs it.
                let milliseconds = request.query("ms", as: Int.self) ?? 2000
                Task {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                }
                return .text("leaked a task that runs \(milliseconds) ms outside every scope\n")
            }
            app.router.get("/crash") { _ in
                fatalError("lab/crash: the worker traps on purpose")
            }
        }
        return app
    }
}

/// A counter shared by an application's tasks and handlers.
final class Counter: Sendable {
    private let count = Atomic(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}

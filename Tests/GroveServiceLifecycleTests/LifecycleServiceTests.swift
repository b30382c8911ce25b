import GroveServiceLifecycle
import GroveTestSupport
import ServiceLifecycle
import Synchronization
import TaskScopes
import Testing

/// A swift-service-lifecycle `Service` run in a Grove scope: the scope's graceful phase reaches
/// the service's graceful-shutdown handlers, its forced phase cancels it.
@Suite("swift-service-lifecycle services in Grove scopes")
struct LifecycleServiceTests {
    /// The budget of each shutdown phase, and the bound that tells "ended by the signal" from
    /// "ran into the budget": 30 s, stretched by `GROVE_TEST_TIMEOUT_SCALE`. ServiceLifecycle
    /// delivers graceful shutdown and cancellation through tasks on the global pool, which the
    /// rest of the suite can keep busy for seconds (5 s seen on CI's 2 cores, 32 s under TSan);
    /// the expectations are about order and phase, not speed.
    static let phase = TestTimeouts.scaled(.seconds(30))

    @Test("withGracefulShutdownHandler and gracefulShutdown() see the scope's graceful phase")
    func gracefulShutdownReachesTheService() async throws {
        let events = EventLog()
        let service = GracefulService(events: events)
        let root = TaskScope.root(options: ScopeOptions(gracefulTimeout: Self.phase, forcedTimeout: Self.phase))
        let background = try root.child(name: "background")
        try background.run(service: service, name: "exporter")
        try await waitUntil { events.all.contains("running") }
        #expect(!events.all.contains("graceful handler"))
        let report = await root.shutdown(within: Self.phase * 2)
        #expect(events.all == ["running", "graceful handler", "flushed", "returned"])
        #expect(report.isClean)
        // It finished within the graceful phase: nothing was left for the forced phase.
        #expect(report.allLingering.isEmpty)
    }

    @Test("cancelWhenGracefulShutdown ends the service's work at the graceful signal")
    func cancelWhenGracefulShutdownEndsWork() async throws {
        let events = EventLog()
        let root = TaskScope.root(options: ScopeOptions(gracefulTimeout: Self.phase, forcedTimeout: Self.phase))
        try root.run(service: ClosureService {
            events.append("running")
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
            } catch is CancellationError {
                events.append("work cancelled, graceful requested: \(Task.isShuttingDownGracefully)")
            }
        })
        try await waitUntil { events.all.contains("running") }
        let start = ContinuousClock.now
        let report = await root.shutdown(within: Self.phase * 2)
        #expect(events.all == ["running", "work cancelled, graceful requested: true"])
        #expect(report.isClean && report.allLingering.isEmpty)
        #expect(ContinuousClock.now - start < Self.phase)
    }

    @Test("a service that ignores graceful shutdown is cancelled in the forced phase")
    func ignoringServiceIsCancelledInTheForcedPhase() async throws {
        let events = EventLog()
        let root = TaskScope.root(options: ScopeOptions(gracefulTimeout: .milliseconds(300), forcedTimeout: Self.phase))
        try root.run(service: ClosureService {
            events.append("running")
            do {
                // Deaf to graceful shutdown: only cancellation ends this sleep.
                try await Task.sleep(for: .seconds(60))
                events.append("slept")
            } catch {
                events.append("cancelled, graceful requested: \(Task.isShuttingDownGracefully)")
            }
        }, name: "stubborn")
        try await waitUntil { events.all.contains("running") }
        let start = ContinuousClock.now
        let report = await root.shutdown(within: Self.phase * 2)
        let elapsed = ContinuousClock.now - start
        #expect(events.all == ["running", "cancelled, graceful requested: true"])
        // It lingered past the graceful budget, then the cancellation ended it (not abandoned).
        #expect(report.allLingering.map(\.taskName) == ["stubborn"])
        #expect(report.isClean)
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < Self.phase)
    }

    @Test("a failing service fails its task; the scope reports it")
    func failingServiceIsReported() async throws {
        let failures = Mutex<[String]>([])
        let root = TaskScope.root { failure in failures.withLock { $0.append(failure.taskName) } }
        let handle = try root.run(service: ClosureService { throw ServiceFailure() }, name: "db")
        await #expect(throws: (any Error).self) { try await handle.value }
        try await waitUntil { failures.withLock { $0 } == ["db"] }
        _ = await root.shutdown(within: Self.phase)
    }
}

/// Records events in order.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func append(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// A service that runs until graceful shutdown, then flushes and returns.
struct GracefulService: Service {
    let events: EventLog

    func run() async throws {
        events.append("running")
        await withGracefulShutdownHandler {
            try? await gracefulShutdown()
            events.append("flushed")
        } onGracefulShutdown: {
            events.append("graceful handler")
        }
        events.append("returned")
    }
}

/// A service made of a closure.
struct ClosureService: Service {
    let body: @Sendable () async throws -> Void
    init(_ body: @escaping @Sendable () async throws -> Void) { self.body = body }
    func run() async throws { try await body() }
}

struct ServiceFailure: Error {}

/// Waits (bounded, scaled by `GROVE_TEST_TIMEOUT_SCALE`) until `condition` holds.
func waitUntil(_ limit: Duration = .seconds(10), _ condition: () -> Bool) async throws {
    try await pollUntil("the condition", timeout: limit) { condition() ? true : nil }
}

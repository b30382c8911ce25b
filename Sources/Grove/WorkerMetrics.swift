import CoreMetrics
import GroveHTTP
import GroveMaster
import TaskScopes

/// A worker's own figures, recorded with swift-metrics into ``WorkerMetricsFactory``: requests
/// by application, status class and code; request latency by application; in-flight requests
/// and connections; per-scope task counters (active, ended by outcome, stuck) and drain times;
/// the event-loop lag. ``report(snapshot:loopLagMicros:connections:)`` refreshes the figures
/// read from the scope tree and returns everything recorded (applications' own swift-metrics
/// figures included) for the master.
///
/// Loop thread only (the server calls ``requestFinished(application:status:durationNanoseconds:)`` there).
final class WorkerMetrics: RequestObserver, @unchecked Sendable {
    private let factory: WorkerMetricsFactory
    /// Requests by application name, counted locally and copied into `factory` by
    /// ``flushRequests()``.
    @exclusivity(unchecked) private var tallies: [(application: String, tally: RequestTally)] = []
    /// The tally of each application object reported so far. A few applications, searched in
    /// order: comparing identities is cheaper than comparing, or hashing, their names. Entries
    /// hold neither unretained: `applicationsSeen` keeps each application (so that its identity
    /// is never reused) and `tallies` each tally, and a request then costs no reference counting.
    @exclusivity(unchecked) private var talliesByObject: [(application: ObjectIdentifier?, tally: Unmanaged<RequestTally>)] = []
    /// The applications of `talliesByObject`, kept alive.
    private var applicationsSeen: [ApplicationScopes?] = []
    /// Totals already added to the scope counters, by scope path and outcome.
    private var scopeTotals: [String: [String: Int]] = [:]
    /// Scopes whose drain time was recorded.
    private var drainsRecorded: Set<String> = []

    /// Records into `factory`.
    init(factory: WorkerMetricsFactory) {
        self.factory = factory
    }

    func requestFinished(application: ApplicationScopes?, status: Int, durationNanoseconds: UInt64) {
        // By index: the fields are read in place, without copying (and retaining) each entry.
        let key = application.map(ObjectIdentifier.init)
        for index in talliesByObject.indices where talliesByObject[index].application == key {
            return talliesByObject[index].tally._withUnsafeGuaranteedRef {
                $0.record(status: status, durationNanoseconds: durationNanoseconds)
            }
        }
        let tally = tally(named: application?.scope.name)
        applicationsSeen.append(application)
        talliesByObject.append((key, .passUnretained(tally)))
        tally.record(status: status, durationNanoseconds: durationNanoseconds)
    }

    /// Records a request of the application named `application` (nil: none matched).
    func requestFinished(applicationNamed application: String?, status: Int, durationNanoseconds: UInt64) {
        tally(named: application).record(status: status, durationNanoseconds: durationNanoseconds)
    }

    /// The tally of the application named `name` ("none" for nil), made on first use: two
    /// application objects with one name share it.
    private func tally(named name: String?) -> RequestTally {
        let name = name ?? "none"
        if let existing = tallies.first(where: { $0.application == name }) { return existing.tally }
        let tally = RequestTally()
        tallies.append((name, tally))
        return tally
    }

    /// Copies the request tallies into the backend: `grove_http_requests_total` by application,
    /// status class and code, `grove_http_request_duration_seconds` by application. Only this
    /// object writes those figures, so their totals are set, not added.
    func flushRequests() {
        for (application, tally) in tallies {
            for (status, count) in tally.statusCounts {
                factory.setCounterTotal(WorkerMetricsFactory.key("grove_http_requests_total", [
                    ("app", application), ("class", "\(status / 100)xx"), ("code", "\(status)"),
                ]), Double(count))
            }
            let key = WorkerMetricsFactory.key("grove_http_request_duration_seconds", [("app", application)])
            factory.setHistogram(tally.latencySample(key: key))
        }
    }

    /// Refreshes the figures read from `snapshot` and the loop, and returns every figure recorded.
    func report(snapshot: ScopeSnapshot, loopLagMicros: UInt64?, connections: Int) -> MetricsReport {
        flushRequests()
        let requests = RequestCounters(snapshot: snapshot)
        gauge("grove_http_requests_in_flight").record(Double(requests.inFlight))
        gauge("grove_http_connections").record(Double(connections))
        if let loopLagMicros { gauge("grove_worker_loop_lag_seconds").record(Double(loopLagMicros) / 1e6) }
        record(scope: snapshot)
        return factory.report()
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Recorder {
        CoreMetrics.Recorder(label: label, dimensions: dimensions, aggregate: false, factory: factory)
    }

    private func record(scope: ScopeSnapshot) {
        gauge("grove_scope_active_tasks", [("scope", scope.path)]).record(Double(scope.active))
        var totals = scopeTotals[scope.path] ?? [:]
        for (outcome, value) in [("succeeded", scope.succeeded), ("failed", scope.failed), ("cancelled", scope.cancelled)] {
            let added = value - (totals[outcome] ?? 0)
            if added > 0 {
                CoreMetrics.Counter(label: "grove_scope_tasks_total", dimensions: [("outcome", outcome), ("scope", scope.path)], factory: factory)
                    .increment(by: added)
                totals[outcome] = value
            }
        }
        let stuck = scope.stuck - (totals["stuck"] ?? 0)
        if stuck > 0 {
            CoreMetrics.Counter(label: "grove_scope_stuck_tasks_total", dimensions: [("scope", scope.path)], factory: factory)
                .increment(by: stuck)
            totals["stuck"] = scope.stuck
        }
        scopeTotals[scope.path] = totals
        if let drain = scope.drainSeconds, drainsRecorded.insert(scope.path).inserted {
            CoreMetrics.Timer(label: "grove_scope_drain_seconds", dimensions: [("scope", scope.path)], factory: factory)
                .recordNanoseconds(Int64(drain * 1e9))
        }
        scope.children.forEach { record(scope: $0) }
    }
}

extension WorkerMetricsFactory {
    /// The backend of this worker process; ``bootstrapForWorker()`` makes it swift-metrics' global one.
    static let shared = WorkerMetricsFactory()

    /// Makes ``shared`` the process's swift-metrics backend, so that the applications' own
    /// metrics reach the master too. Called once in each forked worker, before the applications
    /// are made (an application must not bootstrap swift-metrics itself in a worker).
    static func bootstrapForWorker() {
        MetricsSystem.bootstrap(shared)
    }
}

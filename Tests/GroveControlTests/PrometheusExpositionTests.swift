import GroveTestSupport
import Testing
@testable import Grove
@testable import GroveMaster

@Suite("Prometheus exposition of the master")
struct PrometheusExpositionTests {
    let master = PrometheusExposition.MasterFigures(
        exitsByKind: ["crash": 2, "clean_stop": 3], reloads: 1, failedReloads: 0,
        workersByState: ["ready": 2, "draining": 1], slots: 2
    )

    @Test("worker and master figures render as parseable text with types and the right values")
    func render() throws {
        let requests = MetricKey("grove_http_requests_total", [MetricLabel("app", "hel\"lo"), MetricLabel("class", "2xx"), MetricLabel("code", "200")])
        var latency = HistogramSample.empty(key: MetricKey("grove_http_request_duration_seconds", [MetricLabel("app", "hel\"lo")]),
                                            upperBounds: [0.01, 0.1])
        latency.observe(0.005)
        latency.observe(0.05)
        latency.observe(3)
        let workers = MetricsReport(
            counters: [requests: 12],
            gauges: [GaugeSample(key: MetricKey("grove_http_requests_in_flight"), value: 3)],
            histograms: [latency]
        )
        let text = PrometheusExposition.render(workers: workers, master: master)
        let parsed = try PrometheusText(text)
        #expect(parsed.types["grove_http_requests_total"] == "counter")
        #expect(parsed.types["grove_http_request_duration_seconds"] == "histogram")
        #expect(parsed.types["grove_workers"] == "gauge")
        #expect(parsed.value("grove_http_requests_total", ["app": "hel\"lo", "code": "200"]) == 12)
        #expect(parsed.value("grove_http_requests_in_flight") == 3)
        #expect(parsed.value("grove_http_request_duration_seconds_bucket", ["le": "0.01"]) == 1)
        #expect(parsed.value("grove_http_request_duration_seconds_bucket", ["le": "0.1"]) == 2)
        #expect(parsed.value("grove_http_request_duration_seconds_bucket", ["le": "+Inf"]) == 3)
        #expect(parsed.value("grove_http_request_duration_seconds_count") == 3)
        #expect(parsed.value("grove_http_request_duration_seconds_sum") == 3.055)
        #expect(parsed.value("grove_worker_restarts_total", ["reason": "crash"]) == 2)
        #expect(parsed.value("grove_reloads_total", ["result": "success"]) == 1)
        #expect(parsed.value("grove_workers", ["state": "ready"]) == 2)
        #expect(parsed.value("grove_workers", ["state": "killing"]) == 0)
        #expect(parsed.value("grove_worker_slots") == 2)
        #expect(text.contains("# HELP grove_http_requests_total "))
    }

    @Test("figures that would crash a registry (clashing kinds, mixed label sets) are dropped, not fatal")
    func hostileWorkerFigures() throws {
        let workers = MetricsReport(
            counters: [MetricKey("x"): 1, MetricKey("x", [MetricLabel("a", "b")]): 2, MetricKey("grove_workers"): 9],
            gauges: [GaugeSample(key: MetricKey("x"), value: 5)]
        )
        let parsed = try PrometheusText(PrometheusExposition.render(workers: workers, master: master))
        #expect(parsed.samples.filter { $0.name == "x" }.count == 1)
        // A worker figure named like a master metric wins its name; the master's is left out.
        #expect(parsed.value("grove_workers") == 9)
    }
}

@Suite("Worker swift-metrics backend")
struct WorkerMetricsFactoryTests {
    @Test("counters, gauges, meters, recorders and timers become the report's counters, gauges and histograms")
    func backend() {
        let factory = WorkerMetricsFactory()
        let counter = factory.makeCounter(label: "c", dimensions: [("k", "v")])
        counter.increment(by: 3)
        counter.increment(by: 2)
        factory.makeFloatingPointCounter(label: "f", dimensions: []).increment(by: 1.5)
        let meter = factory.makeMeter(label: "m", dimensions: [])
        meter.increment(by: 4)
        meter.decrement(by: 1)
        factory.makeRecorder(label: "g", dimensions: [], aggregate: false).record(Int64(7))
        factory.makeRecorder(label: "r", dimensions: [], aggregate: true).record(Double(0.3))
        factory.makeTimer(label: "t", dimensions: []).recordNanoseconds(2_000_000)
        let lag = factory.makeRecorder(label: "grove_worker_loop_lag_seconds", dimensions: [], aggregate: false)
        lag.record(Double(0.5))
        let report = factory.report()
        #expect(report.counters[MetricKey("c", [MetricLabel("k", "v")])] == 5)
        #expect(report.counters[MetricKey("f")] == 1)
        #expect(report.gauges[MetricKey("m")]?.value == 3)
        #expect(report.gauges[MetricKey("g")]?.value == 7)
        #expect(report.gauges[MetricKey("grove_worker_loop_lag_seconds")]?.aggregation == .max)
        #expect(report.histograms[MetricKey("r")]?.count == 1)
        #expect(report.histograms[MetricKey("t")]?.sum == 0.002)
        #expect(report.histograms[MetricKey("t")]?.upperBounds == WorkerMetricsFactory.latencyBuckets)
        factory.destroyCounter(counter)
        #expect(factory.report().counters[MetricKey("c", [MetricLabel("k", "v")])] == nil)
    }

    @Test("requests are counted by application, class and code, with latency per application")
    func requests() {
        let factory = WorkerMetricsFactory()
        let metrics = WorkerMetrics(factory: factory)
        metrics.requestFinished(applicationNamed: "hello", status: 200, durationNanoseconds: 3_000_000)
        metrics.requestFinished(applicationNamed: "hello", status: 200, durationNanoseconds: 30_000_000)
        metrics.requestFinished(applicationNamed: nil, status: 404, durationNanoseconds: 10_000)
        metrics.requestFinished(applicationNamed: "hello", status: 999, durationNanoseconds: 60_000_000_000)
        #expect(factory.report().counters.isEmpty, "request figures reach the backend when the worker reports")
        metrics.flushRequests()
        let report = factory.report()
        let odd = MetricKey("grove_http_requests_total", [MetricLabel("app", "hello"), MetricLabel("class", "9xx"), MetricLabel("code", "999")])
        #expect(report.counters[odd] == 1)
        let ok = MetricKey("grove_http_requests_total", [MetricLabel("app", "hello"), MetricLabel("class", "2xx"), MetricLabel("code", "200")])
        let missing = MetricKey("grove_http_requests_total", [MetricLabel("app", "none"), MetricLabel("class", "4xx"), MetricLabel("code", "404")])
        #expect(report.counters[ok] == 2)
        #expect(report.counters[missing] == 1)
        let latency = report.histograms[MetricKey("grove_http_request_duration_seconds", [MetricLabel("app", "hello")])]
        #expect(latency?.count == 3)
        #expect(abs((latency?.sum ?? 0) - 60.033) < 1e-9)
        // 3 ms in the 5 ms bucket, 30 ms in the 50 ms bucket, 60 s above every bound.
        let bounds = WorkerMetricsFactory.latencyBuckets
        #expect(latency?.counts[bounds.firstIndex(of: 0.005)!] == 1)
        #expect(latency?.counts[bounds.firstIndex(of: 0.05)!] == 1)
        #expect(latency?.counts.last == 1)
        metrics.requestFinished(applicationNamed: "hello", status: 200, durationNanoseconds: 1_000)
        metrics.flushRequests()
        #expect(factory.report().counters[ok] == 3, "totals are replaced, not added twice")
    }
}

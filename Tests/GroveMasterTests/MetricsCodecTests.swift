import Testing
@testable import GroveMaster

/// A report with one of each kind of figure, labels included.
func sampleReport(requests: UInt64 = 7, inFlight: Double = 2, lag: Double = 0.003) -> MetricsReport {
    let requestKey = MetricKey("grove_http_requests_total", [MetricLabel("code", "200"), MetricLabel("app", "hello")])
    var latency = HistogramSample.empty(key: MetricKey("grove_http_request_duration_seconds", [MetricLabel("app", "hello")]),
                                        upperBounds: [0.01, 0.1, 1])
    latency.observe(0.005)
    latency.observe(0.05)
    latency.observe(5)
    return MetricsReport(
        counters: [requestKey: requests],
        gauges: [
            GaugeSample(key: MetricKey("grove_http_requests_in_flight"), value: inFlight),
            GaugeSample(key: MetricKey("grove_worker_loop_lag_seconds"), value: lag, aggregation: .max),
        ],
        histograms: [latency]
    )
}

@Suite("Metrics message codec")
struct MetricsCodecTests {
    @Test("a metrics report round-trips through one frame, labels sorted, doubles exact")
    func roundTrip() throws {
        let message = ControlMessage.metrics(sampleReport())
        var decoder = ControlFrameDecoder()
        let decoded = try decoder.decode(try message.encodedFrame())
        #expect(decoded == [message])
        guard case .metrics(let report) = decoded.first else { Issue.record("not a metrics message"); return }
        #expect(report.counters.keys.first?.labels.map(\.name) == ["app", "code"])
        #expect(report.histograms.values.first?.counts == [1, 1, 0, 1])
        #expect(report.histograms.values.first?.sum == 5.055)
        #expect(message.direction == .workerToMaster)
    }

    @Test("an empty report round-trips")
    func empty() throws {
        var decoder = ControlFrameDecoder()
        #expect(try decoder.decode(try ControlMessage.metrics(MetricsReport()).encodedFrame()) == [.metrics(MetricsReport())])
    }

    @Test("a count larger than the payload is refused before allocating")
    func hostileCount() throws {
        // type 0x87, payload: counters count = 2^40 (varint), nothing else.
        let payload: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x20]
        let frame: [UInt8] = [0, 0, 0, UInt8(2 + payload.count), 1, 0x87] + payload
        var decoder = ControlFrameDecoder()
        #expect(throws: ControlProtocolError.self) { try decoder.decode(frame) }
    }

    @Test("an unknown gauge aggregation is refused")
    func unknownAggregation() throws {
        var frame = try ControlMessage.metrics(MetricsReport(gauges: [GaugeSample(key: MetricKey("g"), value: 1)])).encodedFrame()
        // The aggregation code is the last byte of the payload.
        frame[frame.count - 1] = 9
        var decoder = ControlFrameDecoder()
        #expect(throws: ControlProtocolError.self) { try decoder.decode(frame) }
    }
}

@Suite("Metrics aggregation across workers")
struct MetricsAggregatorTests {
    let requests = MetricKey("grove_http_requests_total", [MetricLabel("app", "hello"), MetricLabel("code", "200")])

    @Test("counters and histograms add up over workers; gauges sum or take the maximum")
    func combine() {
        var aggregator = MetricsAggregator()
        aggregator.update(pid: 10, with: sampleReport(requests: 7, inFlight: 2, lag: 0.003))
        aggregator.update(pid: 11, with: sampleReport(requests: 5, inFlight: 1, lag: 0.010))
        let combined = aggregator.combined
        #expect(combined.counters[requests] == 12)
        #expect(combined.gauges[MetricKey("grove_http_requests_in_flight")]?.value == 3)
        #expect(combined.gauges[MetricKey("grove_worker_loop_lag_seconds")]?.value == 0.010)
        #expect(combined.histograms.values.first?.counts == [2, 2, 0, 2])
        #expect(combined.histograms.values.first?.count == 6)
    }

    @Test("a newer report of the same worker replaces its last one (reports are totals)")
    func newerReplaces() {
        var aggregator = MetricsAggregator()
        aggregator.update(pid: 10, with: sampleReport(requests: 7))
        aggregator.update(pid: 10, with: sampleReport(requests: 9))
        #expect(aggregator.combined.counters[requests] == 9)
    }

    @Test("a replaced worker's totals are kept: counters never go backwards, its gauges go away")
    func retiredWorkersFold() {
        var aggregator = MetricsAggregator()
        aggregator.update(pid: 10, with: sampleReport(requests: 7, inFlight: 2))
        aggregator.update(pid: 11, with: sampleReport(requests: 5, inFlight: 1))
        let before = aggregator.combined.counters[requests]!
        aggregator.retire(pid: 10)
        // The replacement starts from zero.
        aggregator.update(pid: 12, with: MetricsReport(counters: [requests: 0]))
        let after = aggregator.combined
        #expect(after.counters[requests]! >= before)
        #expect(after.counters[requests] == 12)
        #expect(after.gauges[MetricKey("grove_http_requests_in_flight")]?.value == 1)
        #expect(after.histograms.values.first?.count == 6)
        #expect(aggregator.retired.gauges.isEmpty)
        aggregator.update(pid: 12, with: MetricsReport(counters: [requests: 4]))
        #expect(aggregator.combined.counters[requests] == 16)
        aggregator.retire(pid: 99)  // unknown: nothing happens
        #expect(aggregator.combined.counters[requests] == 16)
    }

    @Test("histograms with other bounds are not added bucket by bucket")
    func mismatchedBounds() {
        var aggregator = MetricsAggregator()
        let key = MetricKey("h")
        var a = HistogramSample.empty(key: key, upperBounds: [1, 2])
        a.observe(0.5)
        var b = HistogramSample.empty(key: key, upperBounds: [1, 5])
        b.observe(0.5)
        aggregator.update(pid: 1, with: MetricsReport(histograms: [a]))
        aggregator.update(pid: 2, with: MetricsReport(histograms: [b]))
        #expect(aggregator.combined.histograms[key]?.count == 1)
        #expect(aggregator.combined.histograms[key]?.upperBounds == [1, 2])
    }
}

@Suite("Metrics sanitized for a Prometheus registry")
struct MetricsSanitizingTests {
    @Test("invalid names are repaired, kinds and label sets that would clash are dropped")
    func sanitize() {
        let report = MetricsReport(
            counters: [
                MetricKey("app.requests-total", [MetricLabel("status code", "200")]): 3,
                MetricKey("mixed", [MetricLabel("a", "1")]): 1,
                MetricKey("mixed"): 2,
                MetricKey("shared"): 5,
                MetricKey("9lives"): 1,
                MetricKey(""): 1,
            ],
            gauges: [GaugeSample(key: MetricKey("shared"), value: 1)],
            histograms: [HistogramSample(key: MetricKey("bad"), upperBounds: [2, 1], counts: [0, 0, 0], sum: 0)]
        )
        let (clean, dropped) = report.sanitizedForExposition()
        #expect(clean.counters[MetricKey("app_requests_total", [MetricLabel("status_code", "200")])] == 3)
        #expect(clean.counters[MetricKey("_9lives")] == 1)
        #expect(clean.counters[MetricKey("shared")] == 5)
        #expect(clean.gauges.isEmpty)
        #expect(clean.histograms.isEmpty)
        // "mixed": only the series whose label names match the family's first one survives.
        #expect(clean.counters.keys.filter { $0.name == "mixed" }.count == 1)
        #expect(dropped.count == 4)
    }
}

import CoreMetrics
import GroveMaster
import Synchronization

/// The swift-metrics backend of a worker forked by a master: it keeps every counter, gauge,
/// recorder and timer in memory, and ``report()`` turns them into the ``MetricsReport`` the
/// worker sends its master (which serves the sum of all workers as Prometheus text).
///
/// Counters and floating-point counters become counters; gauges, meters and non-aggregating
/// recorders become gauges (summed over workers, but for ``maximumGauges``: the largest);
/// timers and aggregating recorders become histograms (timers in seconds, with
/// ``latencyBuckets``; recorders with ``valueBuckets``).
final class WorkerMetricsFactory: MetricsFactory, Sendable {
    /// Upper bounds (seconds) of a timer's buckets.
    static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// Upper bounds of an aggregating recorder's buckets.
    static let valueBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Gauges combined by maximum across workers instead of sum.
    static let maximumGauges: Set<String> = ["grove_worker_loop_lag_seconds"]

    private let storage = Mutex(Storage())

    private struct Storage {
        var counters: [MetricKey: Double] = [:]
        var gauges: [MetricKey: Double] = [:]
        var histograms: [MetricKey: HistogramSample] = [:]
    }

    /// Makes an empty backend.
    init() {}

    /// Everything recorded so far.
    func report() -> MetricsReport {
        storage.withLock { storage in
            MetricsReport(
                counters: storage.counters.mapValues { UInt64(max(0, $0.rounded(.down))) },
                gauges: storage.gauges.map { key, value in
                    GaugeSample(key: key, value: value, aggregation: Self.maximumGauges.contains(key.name) ? .max : .sum)
                },
                histograms: Array(storage.histograms.values)
            )
        }
    }

    fileprivate func add(_ amount: Double, toCounter key: MetricKey) {
        storage.withLock { $0.counters[key, default: 0] += amount }
    }

    /// Sets a counter's total (for figures one writer counts elsewhere and copies in).
    func setCounterTotal(_ key: MetricKey, _ total: Double) {
        storage.withLock { $0.counters[key] = total }
    }

    /// Replaces a histogram (for figures one writer counts elsewhere and copies in).
    func setHistogram(_ sample: HistogramSample) {
        storage.withLock { $0.histograms[sample.key] = sample }
    }

    fileprivate func setGauge(_ key: MetricKey, _ change: (inout Double) -> Void) {
        storage.withLock { change(&$0.gauges[key, default: 0]) }
    }

    fileprivate func observe(_ value: Double, in key: MetricKey, buckets: [Double]) {
        storage.withLock { storage in
            storage.histograms[key, default: .empty(key: key, upperBounds: buckets)].observe(value)
        }
    }

    private func forget(_ key: MetricKey) {
        storage.withLock { storage in
            storage.counters[key] = nil
            storage.gauges[key] = nil
            storage.histograms[key] = nil
        }
    }

    /// The key of a metric made with `label` and `dimensions`.
    static func key(_ label: String, _ dimensions: [(String, String)]) -> MetricKey {
        MetricKey(label, dimensions.map { MetricLabel($0.0, $0.1) })
    }

    // MARK: MetricsFactory

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Handler(factory: self, key: Self.key(label, dimensions), kind: .counter)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        Handler(factory: self, key: Self.key(label, dimensions), kind: .counter)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        Handler(factory: self, key: Self.key(label, dimensions), kind: .gauge)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        Handler(factory: self, key: Self.key(label, dimensions), kind: aggregate ? .histogram(Self.valueBuckets) : .gauge)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        Handler(factory: self, key: Self.key(label, dimensions), kind: .histogram(Self.latencyBuckets))
    }

    func destroyCounter(_ handler: any CounterHandler) { (handler as? Handler).map { forget($0.key) } }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { (handler as? Handler).map { forget($0.key) } }
    func destroyMeter(_ handler: any MeterHandler) { (handler as? Handler).map { forget($0.key) } }
    func destroyRecorder(_ handler: any RecorderHandler) { (handler as? Handler).map { forget($0.key) } }
    func destroyTimer(_ handler: any TimerHandler) { (handler as? Handler).map { forget($0.key) } }

    /// One handler type for every kind: what it does depends on the protocol it is called through.
    private final class Handler: CounterHandler, FloatingPointCounterHandler, MeterHandler, RecorderHandler, TimerHandler, Sendable {
        let factory: WorkerMetricsFactory
        let key: MetricKey
        let kind: Kind

        enum Kind {
            case counter
            case gauge
            case histogram([Double])
        }

        init(factory: WorkerMetricsFactory, key: MetricKey, kind: Kind) {
            self.factory = factory
            self.key = key
            self.kind = kind
        }

        func increment(by amount: Int64) { factory.add(Double(max(0, amount)), toCounter: key) }
        func increment(by amount: Double) {
            // A floating-point counter adds to its total; a meter moves its gauge.
            if case .counter = kind { factory.add(max(0, amount), toCounter: key) } else { factory.setGauge(key) { $0 += amount } }
        }
        func decrement(by amount: Double) { factory.setGauge(key) { $0 -= amount } }
        func reset() {}
        func set(_ value: Int64) { factory.setGauge(key) { $0 = Double(value) } }
        func set(_ value: Double) { factory.setGauge(key) { $0 = value } }
        func record(_ value: Int64) { record(Double(value)) }
        func record(_ value: Double) {
            if case .histogram(let buckets) = kind { factory.observe(value, in: key, buckets: buckets) } else { factory.setGauge(key) { $0 = value } }
        }
        func recordNanoseconds(_ duration: Int64) {
            let buckets = if case .histogram(let buckets) = kind { buckets } else { WorkerMetricsFactory.latencyBuckets }
            factory.observe(Double(duration) / 1e9, in: key, buckets: buckets)
        }
    }
}

/// One `name="value"` pair of a metric's labels.
public struct MetricLabel: Sendable, Hashable, Comparable {
    /// The label's name, e.g. `"app"`.
    public var name: String
    /// The label's value, e.g. `"hello"`.
    public var value: String

    /// Makes a label.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Orders by name, then value (label sets are kept sorted so equal sets compare equal).
    public static func < (lhs: MetricLabel, rhs: MetricLabel) -> Bool {
        (lhs.name, lhs.value) < (rhs.name, rhs.value)
    }
}

/// What identifies one time series: the metric's name and its sorted labels.
public struct MetricKey: Sendable, Hashable, Comparable {
    /// The metric's name, e.g. `"grove_http_requests_total"`.
    public var name: String
    /// Its labels, sorted.
    public var labels: [MetricLabel]

    /// Makes a key; the labels are sorted.
    public init(_ name: String, _ labels: [MetricLabel] = []) {
        self.name = name
        self.labels = labels.sorted()
    }

    /// Orders by name, then labels.
    public static func < (lhs: MetricKey, rhs: MetricKey) -> Bool {
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return lhs.labels.lexicographicallyPrecedes(rhs.labels)
    }
}

/// How the master combines one gauge reported by several workers.
public enum GaugeAggregation: UInt8, Sendable, Hashable {
    /// Add the workers' values (in-flight requests, active tasks).
    case sum = 0
    /// Keep the largest (event-loop lag).
    case max = 1
}

/// A gauge's current value in one worker.
public struct GaugeSample: Sendable, Hashable {
    /// Which gauge.
    public var key: MetricKey
    /// Its value.
    public var value: Double
    /// How the master combines it across workers.
    public var aggregation: GaugeAggregation

    /// Makes a sample.
    public init(key: MetricKey, value: Double, aggregation: GaugeAggregation = .sum) {
        self.key = key
        self.value = value
        self.aggregation = aggregation
    }
}

/// A histogram's state in one worker: per-bucket (not cumulative) counts, the sum of the
/// observations. `counts` has one more element than `upperBounds`: the `+Inf` bucket.
public struct HistogramSample: Sendable, Hashable {
    /// Which histogram.
    public var key: MetricKey
    /// The buckets' upper bounds (inclusive), ascending.
    public var upperBounds: [Double]
    /// Observations per bucket; the last element counts those above every bound.
    public var counts: [UInt64]
    /// Sum of every observation.
    public var sum: Double

    /// Makes a sample; `counts` must have `upperBounds.count + 1` elements.
    public init(key: MetricKey, upperBounds: [Double], counts: [UInt64], sum: Double) {
        self.key = key
        self.upperBounds = upperBounds
        self.counts = counts
        self.sum = sum
    }

    /// Every observation counted.
    public var count: UInt64 { counts.reduce(0, &+) }

    /// An empty histogram with the given bounds.
    public static func empty(key: MetricKey, upperBounds: [Double]) -> HistogramSample {
        HistogramSample(key: key, upperBounds: upperBounds, counts: Array(repeating: 0, count: upperBounds.count + 1), sum: 0)
    }

    /// Counts one observation.
    public mutating func observe(_ value: Double) {
        let index = upperBounds.firstIndex { value <= $0 } ?? upperBounds.count
        counts[index] &+= 1
        sum += value
    }
}

/// All the figures of one worker at one moment, sent over the control channel in a
/// ``ControlMessage/metrics(_:)`` message: counters and histograms are totals since the worker
/// started; gauges are current values.
public struct MetricsReport: Sendable, Hashable {
    /// Monotonic counters (totals since the worker started).
    public var counters: [MetricKey: UInt64]
    /// Current values.
    public var gauges: [MetricKey: GaugeSample]
    /// Histograms (totals since the worker started).
    public var histograms: [MetricKey: HistogramSample]

    /// Makes a report.
    public init(counters: [MetricKey: UInt64] = [:], gauges: [GaugeSample] = [], histograms: [HistogramSample] = []) {
        self.counters = counters
        self.gauges = Dictionary(gauges.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
        self.histograms = Dictionary(histograms.map { ($0.key, $0) }, uniquingKeysWith: { $1 })
    }

    /// True when it holds no figure.
    public var isEmpty: Bool { counters.isEmpty && gauges.isEmpty && histograms.isEmpty }
}

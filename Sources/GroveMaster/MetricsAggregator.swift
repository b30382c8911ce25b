/// The master's view of every worker's figures: the last report of each live worker, plus the
/// totals of the workers that are gone.
///
/// Counters and histograms of a worker that exits are folded into ``retired`` (its last report
/// counts for ever), so that replacing a worker never makes a total go backwards. Gauges describe
/// the present: a gone worker's gauges are dropped.
public struct MetricsAggregator: Sendable {
    /// The last report of each live worker, by pid.
    public private(set) var live: [Int32: MetricsReport] = [:]
    /// The counters and histograms of the workers that are gone (no gauges).
    public private(set) var retired = MetricsReport()

    /// Makes an empty aggregator.
    public init() {}

    /// Stores `report` as the latest of worker `pid` (reports are totals: the newest replaces the last).
    public mutating func update(pid: Int32, with report: MetricsReport) {
        live[pid] = report
    }

    /// Worker `pid` is gone: folds its last counters and histograms into ``retired``.
    public mutating func retire(pid: Int32) {
        guard let last = live.removeValue(forKey: pid) else { return }
        var folded = last
        folded.gauges = [:]
        retired = Self.merge(retired, folded)
    }

    /// Every worker's figures combined: counters and histograms summed over live and retired
    /// workers, gauges combined over live workers by their ``GaugeAggregation``.
    public var combined: MetricsReport {
        live.keys.sorted().reduce(retired) { Self.merge($0, live[$1]!) }
    }

    /// Adds `extra` to `base`. Histograms whose bucket bounds differ keep `base`'s (a worker of
    /// another version with other bounds cannot be added bucket by bucket).
    static func merge(_ base: MetricsReport, _ extra: MetricsReport) -> MetricsReport {
        var result = base
        for (key, value) in extra.counters {
            result.counters[key, default: 0] &+= value
        }
        for (key, gauge) in extra.gauges {
            guard var current = result.gauges[key] else {
                result.gauges[key] = gauge
                continue
            }
            switch gauge.aggregation {
            case .sum: current.value += gauge.value
            case .max: current.value = Swift.max(current.value, gauge.value)
            }
            result.gauges[key] = current
        }
        for (key, histogram) in extra.histograms {
            guard var current = result.histograms[key] else {
                result.histograms[key] = histogram
                continue
            }
            guard current.upperBounds == histogram.upperBounds, current.counts.count == histogram.counts.count else { continue }
            for index in current.counts.indices { current.counts[index] &+= histogram.counts[index] }
            current.sum += histogram.sum
            result.histograms[key] = current
        }
        return result
    }
}

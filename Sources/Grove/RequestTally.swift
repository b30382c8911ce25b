import GroveMaster

/// One application's request figures, counted on the loop thread with plain integer adds:
/// responses by status code and a latency histogram (``WorkerMetricsFactory/latencyBuckets``).
/// ``WorkerMetrics`` copies the totals into the swift-metrics backend when it reports (once a
/// second), so a request costs a few adds instead of two locked dictionary lookups.
struct RequestTally {
    /// The bucket bounds in nanoseconds, ascending.
    static let latencyBoundsNanoseconds: [UInt64] = WorkerMetricsFactory.latencyBuckets.map { UInt64(($0 * 1e9).rounded()) }
    /// Status codes counted in ``byStatus`` by index (`code - 100`); any other goes to ``otherStatuses``.
    static let statusRange = 100..<600

    /// Responses by status code, at `code - 100`.
    private(set) var byStatus = [UInt64](repeating: 0, count: statusRange.count)
    /// Responses with a status outside ``statusRange``.
    private(set) var otherStatuses: [Int: UInt64] = [:]
    /// Observations per latency bucket; the last counts those above every bound.
    private(set) var latencyCounts = [UInt64](repeating: 0, count: latencyBoundsNanoseconds.count + 1)
    /// Sum of every latency, in nanoseconds.
    private(set) var latencySumNanoseconds: UInt64 = 0

    /// Counts one answered request.
    @inline(__always)
    mutating func record(status: Int, durationNanoseconds: UInt64) {
        if Self.statusRange.contains(status) {
            byStatus[status &- Self.statusRange.lowerBound] &+= 1
        } else {
            otherStatuses[status, default: 0] &+= 1
        }
        var bucket = 0
        let bounds = Self.latencyBoundsNanoseconds
        while bucket < bounds.count, durationNanoseconds > bounds[bucket] { bucket &+= 1 }
        latencyCounts[bucket] &+= 1
        latencySumNanoseconds &+= durationNanoseconds
    }

    /// Every status seen, with its count.
    var statusCounts: [(status: Int, count: UInt64)] {
        var counts: [(status: Int, count: UInt64)] = []
        for (index, count) in byStatus.enumerated() where count > 0 {
            counts.append((Self.statusRange.lowerBound + index, count))
        }
        for (status, count) in otherStatuses { counts.append((status, count)) }
        return counts
    }

    /// The latency histogram as a sample under `key`, in seconds.
    func latencySample(key: MetricKey) -> HistogramSample {
        HistogramSample(key: key, upperBounds: WorkerMetricsFactory.latencyBuckets, counts: latencyCounts,
                        sum: Double(latencySumNanoseconds) / 1e9)
    }
}

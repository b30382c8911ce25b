import GroveMaster

/// One application's request figures, counted on the loop thread with plain integer adds:
/// responses by status code and a latency histogram (``WorkerMetricsFactory/latencyBuckets``).
/// ``WorkerMetrics`` copies the totals into the swift-metrics backend when it reports (once a
/// second), so a request costs a few adds instead of two locked dictionary lookups. A class over
/// fixed buffers: counting checks no array for uniqueness and no global for initialisation.
final class RequestTally {
    /// The bucket bounds in nanoseconds, ascending.
    static let latencyBoundsNanoseconds: [UInt64] = WorkerMetricsFactory.latencyBuckets.map { UInt64(($0 * 1e9).rounded()) }
    /// Status codes counted in ``byStatus`` by index (`code - 100`); any other goes to ``otherStatuses``.
    static let statusRange = 100..<600

    /// Responses by status code, at `code - 100`.
    private let byStatus: UnsafeMutableBufferPointer<UInt64>
    /// Responses with a status outside ``statusRange``.
    private var otherStatuses: [Int: UInt64] = [:]
    /// ``latencyBoundsNanoseconds``, copied next to the counts.
    private let bounds: UnsafeMutableBufferPointer<UInt64>
    /// Observations per latency bucket; the last counts those above every bound.
    private let latencyCounts: UnsafeMutableBufferPointer<UInt64>
    /// Sum of every latency, in nanoseconds.
    private(set) var latencySumNanoseconds: UInt64 = 0

    /// A tally with nothing counted.
    init() {
        byStatus = .allocate(capacity: Self.statusRange.count)
        byStatus.initialize(repeating: 0)
        bounds = .allocate(capacity: Self.latencyBoundsNanoseconds.count)
        _ = bounds.initialize(from: Self.latencyBoundsNanoseconds)
        latencyCounts = .allocate(capacity: Self.latencyBoundsNanoseconds.count + 1)
        latencyCounts.initialize(repeating: 0)
    }

    deinit {
        byStatus.deallocate()
        bounds.deallocate()
        latencyCounts.deallocate()
    }

    /// Counts one answered request.
    @inline(__always)
    func record(status: Int, durationNanoseconds: UInt64) {
        let index = status &- Self.statusRange.lowerBound
        if index >= 0, index < byStatus.count {
            byStatus[index] &+= 1
        } else {
            otherStatuses[status, default: 0] &+= 1
        }
        var bucket = 0
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
        HistogramSample(key: key, upperBounds: WorkerMetricsFactory.latencyBuckets, counts: Array(latencyCounts),
                        sum: Double(latencySumNanoseconds) / 1e9)
    }
}

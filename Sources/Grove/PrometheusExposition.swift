import GroveMaster
import Prometheus

/// Renders the master's and the workers' figures as Prometheus text (format 0.0.4).
///
/// Counters and gauges go through a `PrometheusCollectorRegistry` made for each scrape. The
/// workers' histograms arrive already bucketed, and swift-prometheus's `Histogram` can only
/// record one observation at a time, so their lines are written here from the merged buckets
/// (same layout as the registry's: `_bucket{le=…}` cumulative, `_sum`, `_count`).
enum PrometheusExposition {
    /// What the master contributes besides the workers' figures.
    struct MasterFigures {
        /// Worker exits while the master was not stopping, by exit kind.
        var exitsByKind: [String: UInt64]
        /// Reloads that succeeded.
        var reloads: UInt64
        /// Reloads refused or aborted.
        var failedReloads: UInt64
        /// Live workers by phase name.
        var workersByState: [String: Int]
        /// Worker slots.
        var slots: Int
    }

    /// The help line of each metric Grove itself defines.
    static let help: [String: String] = [
        "grove_http_requests_total": "HTTP requests answered, by application, status class and code.",
        "grove_http_request_duration_seconds": "Time from routing a request to having its response, by application.",
        "grove_http_requests_in_flight": "Requests being handled now.",
        "grove_http_connections": "Open HTTP connections.",
        "grove_scope_active_tasks": "Tasks running in the scope.",
        "grove_scope_tasks_total": "Tasks of the scope that ended, by outcome.",
        "grove_scope_stuck_tasks_total": "Tasks of the scope abandoned at a shutdown deadline.",
        "grove_scope_drain_seconds": "How long the scope took to drain, per worker stop.",
        "grove_worker_loop_lag_seconds": "Largest event-loop lag among the workers (last heartbeat).",
        "grove_worker_restarts_total": "Workers that exited while the master was not stopping (replaced unless their slot was removed), by exit reason.",
        "grove_reloads_total": "Configuration reloads, by result.",
        "grove_workers": "Live worker processes, by state.",
        "grove_worker_slots": "Worker slots (the target number of workers).",
    ]

    /// The exposition text of `workers` (already combined over every worker) and `master`.
    static func render(workers: MetricsReport, master: MasterFigures) -> String {
        let (report, _) = workers.sanitizedForExposition()
        let registry = PrometheusCollectorRegistry()
        for (key, value) in report.counters.sorted(by: { $0.key < $1.key }) {
            counter(key.name, key.labels.map { ($0.name, $0.value) }, in: registry)
                .increment(by: Int64(clamping: value))
        }
        for (key, sample) in report.gauges.sorted(by: { $0.key < $1.key }) {
            gauge(key.name, key.labels.map { ($0.name, $0.value) }, in: registry)
                .set(sample.value)
        }
        let reserved = Set(report.counters.keys.map(\.name)).union(report.gauges.keys.map(\.name))
        for (kind, count) in master.exitsByKind.sorted(by: { $0.key < $1.key }) where !reserved.contains("grove_worker_restarts_total") {
            counter("grove_worker_restarts_total", [("reason", kind)], in: registry)
                .increment(by: Int64(clamping: count))
        }
        if !reserved.contains("grove_reloads_total") {
            for (result, count) in [("failure", master.failedReloads), ("success", master.reloads)] {
                counter("grove_reloads_total", [("result", result)], in: registry)
                    .increment(by: Int64(clamping: count))
            }
        }
        if !reserved.contains("grove_workers") {
            for state in ["booting", "ready", "unresponsive", "draining", "killing"] {
                gauge("grove_workers", [("state", state)], in: registry)
                    .set(Double(master.workersByState[state] ?? 0))
            }
        }
        if !reserved.contains("grove_worker_slots") {
            gauge("grove_worker_slots", [], in: registry).set(Double(master.slots))
        }
        var text = registry.emitToString()
        let taken = reserved.union(["grove_worker_restarts_total", "grove_reloads_total", "grove_workers", "grove_worker_slots"])
        appendHistograms(report.histograms.values.filter { !taken.contains($0.key.name) }, to: &text)
        return text
    }

    private static func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name] ?? "")
    }

    private static func counter(_ name: String, _ labels: [(String, String)], in registry: PrometheusCollectorRegistry) -> Prometheus.Counter {
        labels.isEmpty ? registry.makeCounter(descriptor: descriptor(name)) : registry.makeCounter(descriptor: descriptor(name), labels: labels)
    }

    private static func gauge(_ name: String, _ labels: [(String, String)], in registry: PrometheusCollectorRegistry) -> Prometheus.Gauge {
        labels.isEmpty ? registry.makeGauge(descriptor: descriptor(name)) : registry.makeGauge(descriptor: descriptor(name), labels: labels)
    }

    private static func appendHistograms(_ histograms: [HistogramSample], to text: inout String) {
        let families = Dictionary(grouping: histograms, by: \.key.name)
        for name in families.keys.sorted() {
            if let line = help[name] { text += "# HELP \(name) \(line)\n" }
            text += "# TYPE \(name) histogram\n"
            for histogram in families[name]!.sorted(by: { $0.key < $1.key }) {
                let labels = histogram.key.labels.map { "\($0.name)=\"\(escape($0.value))\"" }
                var cumulative: UInt64 = 0
                for (index, bound) in histogram.upperBounds.enumerated() {
                    cumulative &+= histogram.counts[index]
                    text += "\(name)_bucket{\((labels + ["le=\"\(bound)\""]).joined(separator: ","))} \(cumulative)\n"
                }
                cumulative &+= histogram.counts.last ?? 0
                text += "\(name)_bucket{\((labels + ["le=\"+Inf\""]).joined(separator: ","))} \(cumulative)\n"
                let suffix = labels.isEmpty ? "" : "{\(labels.joined(separator: ","))}"
                text += "\(name)_sum\(suffix) \(histogram.sum)\n"
                text += "\(name)_count\(suffix) \(cumulative)\n"
            }
        }
    }

    private static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}

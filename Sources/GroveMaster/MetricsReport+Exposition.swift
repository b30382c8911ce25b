extension MetricsReport {
    /// The report made safe for a Prometheus registry, whatever the workers sent: names and label
    /// names reduced to Prometheus's alphabet, duplicate label names dropped, a name used by two
    /// kinds of metric kept for the first kind only (counters, then gauges, then histograms), and in
    /// each family only the series whose label names match the family's first series (a family
    /// cannot mix label sets, nor labeled and unlabeled series). Returns what was dropped too.
    public func sanitizedForExposition() -> (report: MetricsReport, dropped: [MetricKey]) {
        var dropped: [MetricKey] = []
        var result = MetricsReport()
        var kinds: [String: Int] = [:]
        var labelNames: [String: [String]] = [:]

        func admit(_ key: MetricKey, kind: Int) -> MetricKey? {
            guard let clean = key.sanitized() else {
                dropped.append(key)
                return nil
            }
            let names = clean.labels.map(\.name)
            if let existing = kinds[clean.name], existing != kind {
                dropped.append(key)
                return nil
            }
            if let expected = labelNames[clean.name], expected != names {
                dropped.append(key)
                return nil
            }
            kinds[clean.name] = kind
            labelNames[clean.name] = names
            return clean
        }

        for key in counters.keys.sorted() {
            guard let clean = admit(key, kind: 0) else { continue }
            result.counters[clean, default: 0] &+= counters[key]!
        }
        for key in gauges.keys.sorted() {
            guard let clean = admit(key, kind: 1) else { continue }
            var gauge = gauges[key]!
            gauge.key = clean
            result.gauges[clean] = gauge
        }
        for key in histograms.keys.sorted() {
            let histogram = histograms[key]!
            let ascending = zip(histogram.upperBounds, histogram.upperBounds.dropFirst()).allSatisfy { $0 < $1 }
            guard ascending, histogram.counts.count == histogram.upperBounds.count + 1,
                  !histogram.key.labels.contains(where: { $0.name == "le" }),
                  let clean = admit(key, kind: 2)
            else {
                if !dropped.contains(key) { dropped.append(key) }
                continue
            }
            var sample = histogram
            sample.key = clean
            result.histograms[clean] = sample
        }
        return (result, dropped)
    }
}

extension MetricKey {
    /// The key with a valid Prometheus name and label names (invalid characters become `_`,
    /// a leading digit gets a `_` before it, repeated label names keep their first value); nil
    /// when the name is empty.
    func sanitized() -> MetricKey? {
        guard !name.isEmpty else { return nil }
        var seen: Set<String> = []
        var labels: [MetricLabel] = []
        for label in self.labels {
            let clean = Self.sanitize(label.name, allowColon: false)
            guard !clean.isEmpty, !clean.hasPrefix("__"), seen.insert(clean).inserted else { continue }
            labels.append(MetricLabel(clean, label.value))
        }
        return MetricKey(Self.sanitize(name, allowColon: true), labels)
    }

    private static func sanitize(_ text: String, allowColon: Bool) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "_": result.unicodeScalars.append(scalar)
            case "0"..."9": if result.isEmpty { result += "_" }; result.unicodeScalars.append(scalar)
            case ":" where allowColon: result.unicodeScalars.append(scalar)
            default: result += "_"
            }
        }
        return result
    }
}

extension MetricsReport {
    /// Writes the report: counters, gauges, histograms, each as a count then its entries; a key
    /// is its name then its labels; doubles travel as their IEEE-754 bit patterns.
    func encode(into writer: inout PayloadWriter) {
        writer.writeUnsigned(UInt64(counters.count))
        for (key, value) in counters.sorted(by: { $0.key < $1.key }) {
            Self.encode(key, into: &writer)
            writer.writeUnsigned(value)
        }
        writer.writeUnsigned(UInt64(gauges.count))
        for gauge in gauges.values.sorted(by: { $0.key < $1.key }) {
            Self.encode(gauge.key, into: &writer)
            writer.writeUnsigned(gauge.value.bitPattern)
            writer.writeUnsigned(UInt64(gauge.aggregation.rawValue))
        }
        writer.writeUnsigned(UInt64(histograms.count))
        for histogram in histograms.values.sorted(by: { $0.key < $1.key }) {
            Self.encode(histogram.key, into: &writer)
            writer.writeUnsigned(UInt64(histogram.upperBounds.count))
            for bound in histogram.upperBounds { writer.writeUnsigned(bound.bitPattern) }
            for count in histogram.counts { writer.writeUnsigned(count) }
            writer.writeUnsigned(histogram.sum.bitPattern)
        }
    }

    private static func encode(_ key: MetricKey, into writer: inout PayloadWriter) {
        writer.writeString(key.name)
        writer.writeUnsigned(UInt64(key.labels.count))
        for label in key.labels {
            writer.writeString(label.name)
            writer.writeString(label.value)
        }
    }

    /// Reads what ``encode(into:)`` wrote, refusing counts the payload cannot hold.
    static func decode(_ reader: inout PayloadReader, payloadSize: Int) throws(ControlProtocolError) -> MetricsReport {
        var report = MetricsReport()
        for _ in 0..<(try count(&reader, payloadSize: payloadSize, what: "counters")) {
            let key = try decodeKey(&reader, payloadSize: payloadSize)
            report.counters[key] = try reader.readUnsigned()
        }
        for _ in 0..<(try count(&reader, payloadSize: payloadSize, what: "gauges")) {
            let key = try decodeKey(&reader, payloadSize: payloadSize)
            let value = Double(bitPattern: try reader.readUnsigned())
            let code = try reader.readUnsigned()
            guard code <= UInt64(UInt8.max), let aggregation = GaugeAggregation(rawValue: UInt8(code)) else {
                throw ControlProtocolError(.truncatedPayload, "unknown gauge aggregation \(code)")
            }
            report.gauges[key] = GaugeSample(key: key, value: value, aggregation: aggregation)
        }
        for _ in 0..<(try count(&reader, payloadSize: payloadSize, what: "histograms")) {
            let key = try decodeKey(&reader, payloadSize: payloadSize)
            let boundCount = try count(&reader, payloadSize: payloadSize, what: "histogram buckets")
            var bounds: [Double] = []
            for _ in 0..<boundCount { bounds.append(Double(bitPattern: try reader.readUnsigned())) }
            var counts: [UInt64] = []
            for _ in 0...boundCount { counts.append(try reader.readUnsigned()) }
            let sum = Double(bitPattern: try reader.readUnsigned())
            report.histograms[key] = HistogramSample(key: key, upperBounds: bounds, counts: counts, sum: sum)
        }
        return report
    }

    private static func decodeKey(_ reader: inout PayloadReader, payloadSize: Int) throws(ControlProtocolError) -> MetricKey {
        let name = try reader.readString()
        var labels: [MetricLabel] = []
        for _ in 0..<(try count(&reader, payloadSize: payloadSize, what: "labels")) {
            labels.append(MetricLabel(try reader.readString(), try reader.readString()))
        }
        return MetricKey(name, labels)
    }

    /// A count of entries, each at least one byte long: more than the payload holds is refused
    /// before anything is allocated.
    private static func count(_ reader: inout PayloadReader, payloadSize: Int, what: String) throws(ControlProtocolError) -> Int {
        let count = try reader.readUnsigned()
        guard count <= UInt64(payloadSize) else {
            throw ControlProtocolError(.truncatedPayload, "\(count) \(what) in a \(payloadSize)-byte payload")
        }
        return Int(count)
    }
}

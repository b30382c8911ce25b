/// A small parser of the Prometheus text exposition format (0.0.4), for tests: every sample
/// line becomes a ``Sample``; `# TYPE` lines give each family's type. Throws on a line that is
/// not a comment, blank, or `name{labels} value`.
public struct PrometheusText: Sendable {
    /// One sample line.
    public struct Sample: Sendable, Hashable {
        /// The sample's name (`x_bucket`, `x_sum`, … for a histogram's lines).
        public var name: String
        /// Its labels.
        public var labels: [String: String]
        /// Its value.
        public var value: Double
    }

    /// A line that does not parse.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        /// The line and why.
        public var description: String
    }

    /// Every sample, in order.
    public private(set) var samples: [Sample] = []
    /// Family name → `counter`, `gauge`, `histogram`, …
    public private(set) var types: [String: String] = [:]

    /// Parses `text`.
    public init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { throw ParseError(description: "bad TYPE line: \(line)") }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(String(line)))
        }
    }

    /// The value of the sample `name` whose labels include `labels`, summed over matches; nil if none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }

    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }), !(name.first!.isNumber) else {
            throw ParseError(description: "bad metric name in: \(line)")
        }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw ParseError(description: "bad labels in: \(line)") }
                let labelName = String(rest[..<equals])
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw ParseError(description: "unquoted label value in: \(line)") }
                rest = rest.dropFirst()
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { throw ParseError(description: "bad escape in: \(line)") }
                        rest = rest.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw ParseError(description: "unterminated label value in: \(line)") }
                rest = rest.dropFirst()
                labels[labelName] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw ParseError(description: "no value in: \(line)") }
        let text = rest.dropFirst().split(separator: " ").first.map(String.init) ?? ""
        let value: Double? = switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
        guard let value else { throw ParseError(description: "bad value in: \(line)") }
        return Sample(name: name, labels: labels, value: value)
    }
}

import GroveHTTP

extension LoadedConfiguration {
    /// The effective configuration as YAML that can serve as a configuration file: every option
    /// with its value and, as a comment, where the value came from; unset options without a
    /// default as comments; then the `applications` section and the resolved figures.
    public func report(resolved: ServeConfiguration, catalog: ConfigurationOptionCatalog = .serve) -> String {
        var lines = ["# effective configuration of grove serve (defaults < file < GROVE_* environment < command line)"]
        if let file { lines.append("# config: \(file)") }
        for option in catalog.options where option.key != "config" {
            let setting = setting(forKey: option.key)
            let source = setting.map { "\($0.source)" } ?? "default"
            let values = setting?.values ?? defaultValues(of: option)
            guard let values else {
                lines.append("# \(option.key): not set")
                continue
            }
            if option.isRepeating, option.kind == .option {
                lines.append(values.isEmpty ? "\(option.key): []  # \(source)" : "\(option.key):  # \(source)")
                lines += values.map { "  - \(Self.yamlScalar($0))" }
            } else {
                lines.append("\(option.key): \(Self.yamlScalar(values.first ?? ""))  # \(source)")
            }
        }
        lines += applicationLines()
        lines += unknownEnvironment.map { "# \($0) is set but names no option: ignored" }
        lines.append("# resolved: \(resolved.workers) worker(s); listening on "
            + resolved.binds.map(\.description).joined(separator: ", ")
            + (resolved.listenerLayout == .shared ? " (shared socket)" : " (a socket per worker)")
            + "; graceful stop within \(resolved.gracefulTimeout)")
        return lines.joined(separator: "\n") + "\n"
    }

    private func defaultValues(of option: ConfigurationOption) -> [String]? {
        switch option.kind {
        case .flag: return option.isRepeating ? ["0"] : ["false"]
        case .option where option.isRepeating: return option.defaultValue.map { [$0] } ?? []
        case .option: return option.defaultValue.map { [$0] }
        }
    }

    private func applicationLines() -> [String] {
        guard !applications.byName.isEmpty else { return ["applications: {}  # none set: each application's own timeouts"] }
        var lines = ["applications:"]
        for name in applications.byName.keys.sorted() {
            let app = applications.byName[name]!
            lines.append("  \(Self.yamlScalar(name)):  # \(app.source)")
            lines += Self.timeoutLines(app.application, indent: "    ")
            guard !app.scopes.isEmpty else { continue }
            lines.append("    scopes:")
            for scope in Application.childScopeNames {
                guard let timeouts = app.scopes[scope] else { continue }
                lines.append("      \(scope):")
                lines += Self.timeoutLines(timeouts, indent: "        ")
            }
        }
        return lines
    }

    private static func timeoutLines(_ timeouts: ScopeTimeouts, indent: String) -> [String] {
        [("graceful-timeout", timeouts.gracefulTimeout), ("forced-timeout", timeouts.forcedTimeout)].compactMap { key, value in
            value.map { "\(indent)\(key): \(seconds($0))" }
        }
    }

    private static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        let value = Double(whole) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int64(value))" : "\(value)"
    }

    /// `value` as a YAML scalar: numbers and booleans bare, anything else double-quoted.
    static func yamlScalar(_ value: String) -> String {
        if value == "true" || value == "false" || (Double(value) != nil && value.first != "+" && !value.contains("n")) {
            return value
        }
        let plain = value.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._/-".unicodeScalars.contains($0) }
        let special: Set<String> = ["yes", "no", "on", "off", "y", "n", "null", "true", "false", "~"]
        if plain, let first = value.unicodeScalars.first, first != "-", first != ".", !special.contains(value.lowercased()),
           value.allSatisfy(\.isASCII) {
            return value
        }
        // A JSON string literal is a valid YAML double-quoted scalar (same escapes, \uXXXX included).
        return JSONText.quoted(value)
    }
}

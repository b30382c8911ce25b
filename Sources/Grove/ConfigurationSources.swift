/// Reads the settings the environment and the command line make, in the same form as the
/// file's (``ConfigurationSetting``).
enum ConfigurationSources {
    /// The settings of `GROVE_*` variables naming an option of `catalog`. A repeatable option
    /// takes a comma-separated list (`GROVE_BIND=127.0.0.1:8080,unix:/run/grove.sock`), a flag
    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`). Other `GROVE_*` variables are not
    /// options and are left alone (the upgrade handover uses some).
    static func environmentSettings(_ environment: [String: String], catalog: ConfigurationOptionCatalog)
        throws(ConfigurationError) -> [ConfigurationSetting] {
        var settings: [ConfigurationSetting] = []
        for option in catalog.options {
            let name = option.environmentName
            guard let value = environment[name] else { continue }
            let source = ConfigurationSource.environment(name: name)
            let tokens: [String]
            switch option.kind {
            case .flag:
                let trimmed = value.trimmingWhitespace().lowercased()
                if option.isRepeating, let count = Int(trimmed), count >= 0 {
                    tokens = Array(repeating: option.flagName, count: count)
                } else if let flag = parseBool(trimmed), !option.isRepeating {
                    tokens = flag ? [option.flagName] : option.inversion.map { ["--\($0)"] } ?? []
                } else {
                    throw ConfigurationError(.invalidValue, source: source, key: option.key, message: option.isRepeating
                        ? "expected a count (0, 1, 2, …), got '\(value)'" : "expected true or false, got '\(value)'")
                }
            case .option where option.isRepeating:
                let items = value.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
                tokens = items.flatMap { option.tokens(forValue: $0) }
            case .option:
                tokens = option.tokens(forValue: value)
            }
            settings.append(ConfigurationSetting(option: option, key: option.key, source: source, tokens: tokens))
        }
        return settings
    }

    /// The settings `arguments` (a command line, subcommand names and other options included)
    /// makes for the options of `catalog`, in order; anything else is skipped. Stops at `--`.
    static func commandLineSettings(_ arguments: [String], catalog: ConfigurationOptionCatalog) -> [ConfigurationSetting] {
        var byKey: [String: ConfigurationSetting] = [:]
        var order: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            let option: ConfigurationOption?
            var hasInlineValue = false
            if argument.hasPrefix("--") {
                let name = argument.dropFirst(2).split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                hasInlineValue = argument.contains("=")
                option = catalog.option(forKey: name)
            } else if argument.hasPrefix("-"), argument.count == 2 {
                option = catalog.option(forShortName: String(argument.dropFirst()))
            } else {
                option = nil
            }
            guard let option else { continue }
            var tokens = [argument]
            if option.kind == .option, !hasInlineValue, index < arguments.endIndex {
                tokens.append(arguments[index])
                index += 1
            }
            if byKey[option.key] == nil { order.append(option.key) }
            byKey[option.key, default: ConfigurationSetting(option: option, key: option.flagName, source: .commandLine, tokens: [])]
                .tokens += tokens
        }
        return order.map { byKey[$0]! }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "1", "yes", "on": true
        case "false", "0", "no", "off", "": false
        default: nil
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

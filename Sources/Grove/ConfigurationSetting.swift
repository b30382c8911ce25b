/// One option set by one source: the argument tokens it stands for (`--bind`, `a`, `--bind`, `b`)
/// and where it came from. The highest-precedence source that sets an option provides all of its
/// tokens (defaults < file < environment < command line), so a repeatable option such as `bind`
/// given on the command line replaces the file's list instead of adding to it.
public struct ConfigurationSetting: Sendable, Hashable {
    /// The option.
    public var option: ConfigurationOption
    /// The key as the source spells it: a dotted path in the file (`http.max-body-size`), the
    /// option's long name for the environment (the source names the variable), the flag on the
    /// command line.
    public var key: String
    /// Where it came from.
    public var source: ConfigurationSource
    /// The argument tokens (empty for a flag set to false).
    public var tokens: [String]

    /// Makes a setting.
    public init(option: ConfigurationOption, key: String, source: ConfigurationSource, tokens: [String]) {
        self.option = option
        self.key = key
        self.source = source
        self.tokens = tokens
    }

    /// The values the tokens carry: `["a", "b"]` for two binds, `["true"]` for a set flag.
    public var values: [String] {
        switch option.kind {
        case .flag:
            let inverted = tokens.contains { $0 == "--\(option.inversion ?? "")" }
            if option.isRepeating { return ["\(tokens.count)"] }
            return [tokens.isEmpty || inverted ? "false" : "true"]
        case .option:
            var values: [String] = []
            var index = tokens.startIndex
            while index < tokens.endIndex {
                let token = tokens[index]
                if let equals = token.firstIndex(of: "="), token.hasPrefix("--") {
                    values.append(String(token[token.index(after: equals)...]))
                } else if token.hasPrefix("-"), index + 1 < tokens.endIndex {
                    index += 1
                    values.append(tokens[index])
                }
                index += 1
            }
            return option.isRepeating ? values : Array(values.suffix(1))
        }
    }
}

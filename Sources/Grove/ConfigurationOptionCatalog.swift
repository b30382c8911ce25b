import ArgumentParser
import Foundation

/// Every option of a `ParsableArguments` type, read from swift-argument-parser's own description
/// of it (the JSON `--experimental-dump-help` prints, through `_dumpHelp()`), so that an option
/// added to ``ServeOptions`` — directly or through an `@OptionGroup` — is a file key and an
/// environment variable with no registry to update. The tests check the catalog against the
/// options the help lists.
public struct ConfigurationOptionCatalog: Sendable {
    /// The options, in declaration order.
    public let options: [ConfigurationOption]
    private let byKey: [String: ConfigurationOption]
    private let byShortName: [String: ConfigurationOption]

    /// The options of `grove serve`.
    public static let serve = ConfigurationOptionCatalog(ServeOptions.self)

    /// Built-in arguments of every command, which are not configuration.
    static let builtIn: Set<String> = ["help", "version", "experimental-dump-help", "generate-completion-script"]

    /// Reads the options of `type`.
    public init(_ type: any ParsableArguments.Type) {
        self.init(options: Self.describe(type))
    }

    /// A catalog of the given options.
    public init(options: [ConfigurationOption]) {
        self.options = options
        var byKey: [String: ConfigurationOption] = [:]
        var byShortName: [String: ConfigurationOption] = [:]
        for option in options {
            byKey[option.key] = option
            if let inversion = option.inversion { byKey[inversion] = option }
            for short in option.shortNames { byShortName[short] = option }
        }
        self.byKey = byKey
        self.byShortName = byShortName
    }

    /// The option whose long name (or inversion) is `key`.
    public func option(forKey key: String) -> ConfigurationOption? { byKey[key] }

    /// The option whose short name is `name`.
    func option(forShortName name: String) -> ConfigurationOption? { byShortName[name] }

    /// The option whose environment variable is `name`.
    public func option(forEnvironmentName name: String) -> ConfigurationOption? {
        options.first { $0.environmentName == name }
    }

    private static func describe(_ type: any ParsableArguments.Type) -> [ConfigurationOption] {
        let json = Data(type._dumpHelp().utf8)
        guard let info = try? JSONDecoder().decode(DumpedTool.self, from: json) else { return [] }
        return (info.command.arguments ?? []).compactMap { argument -> ConfigurationOption? in
            let names = argument.names ?? []
            let longs = names.filter { $0.kind == "long" }.map(\.name)
            guard argument.kind != "positional", let key = longs.first, !builtIn.contains(key) else { return nil }
            let isFlag = argument.kind == "flag"
            return ConfigurationOption(
                key: key,
                kind: isFlag ? .flag : .option,
                isRepeating: argument.isRepeating,
                inversion: isFlag ? longs.dropFirst().first { $0.hasPrefix("no-") } : nil,
                shortNames: names.filter { $0.kind == "short" }.map(\.name),
                allowedValues: argument.allValues.flatMap { $0.isEmpty ? nil : $0 },
                defaultValue: argument.defaultValue,
                help: argument.abstract ?? ""
            )
        }
    }
}

/// The part of swift-argument-parser's help dump (`ToolInfoV0`) the catalog reads.
private struct DumpedTool: Decodable {
    struct Command: Decodable {
        var arguments: [Argument]?
    }

    struct Argument: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String
        }

        var kind: String
        var isRepeating: Bool
        var names: [Name]?
        var defaultValue: String?
        var allValues: [String]?
        var abstract: String?
    }

    var command: Command
}

import ArgumentParser
import Foundation

/// Builds the effective configuration of `grove serve` from its sources, in increasing
/// precedence: the options' defaults, the configuration file, `GROVE_*` environment variables,
/// the command line. For each option the highest source that sets it wins outright (for a
/// repeatable option such as `bind`, its whole list replaces the lower sources' lists).
///
/// Everything is synchronous (the master never goes async). The file's settings, then the
/// environment's, are parsed as a command line of their own (so a bad value is an error even
/// where a higher source overrides it); when that fails, each setting is parsed alone, so the
/// error names the file and line (or the variable) and the key of the first bad one. Then the
/// winning settings are parsed together: file settings, then environment, then command line.
public struct ConfigurationLoader: Sendable {
    /// The command line (the program's arguments; only the options of `grove serve` are read).
    public var commandLine: [String]
    /// The environment.
    public var environment: [String: String]
    /// The configuration file; nil: the one `--config` or `GROVE_CONFIG` names, if any.
    public var file: String?
    /// The names of the applications the server mounts, to check the file's `applications`
    /// section against (nil: checked by each worker when it starts).
    public var applicationNames: [String]?
    /// The options.
    public var catalog: ConfigurationOptionCatalog

    /// A loader reading the given sources.
    public init(
        commandLine: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        file: String? = nil,
        applicationNames: [String]? = nil,
        catalog: ConfigurationOptionCatalog = .serve
    ) {
        self.commandLine = commandLine
        self.environment = environment
        self.file = file
        self.applicationNames = applicationNames
        self.catalog = catalog
    }

    /// Reads and checks every source.
    public func load() throws(ConfigurationError) -> LoadedConfiguration {
        let arguments = ConfigurationSources.commandLineSettings(commandLine, catalog: catalog)
        let environmentSettings = try ConfigurationSources.environmentSettings(environment, catalog: catalog)
        let path = file
            ?? arguments.first { $0.option.key == "config" }?.values.last
            ?? environmentSettings.first { $0.option.key == "config" }?.values.last
        let contents = try path.map { path throws(ConfigurationError) in try ConfigurationFile.read(path, catalog: catalog) }
        // Each source must be valid on its own, even where a higher one overrides it.
        try checkTogether(contents?.settings ?? [])
        try checkTogether(environmentSettings)

        var winners: [String: ConfigurationSetting] = [:]
        for setting in (contents?.settings ?? []) + environmentSettings + arguments {
            if let previous = winners[setting.option.key], previous.source == setting.source {
                winners[setting.option.key]?.tokens += setting.tokens
            } else {
                winners[setting.option.key] = setting
            }
        }
        var settings = catalog.options.compactMap { winners[$0.key] }
        if let path, file != nil {
            // `check-config FILE`: the file checked is the configuration file.
            let config = catalog.option(forKey: "config")!
            settings.removeAll { $0.option.key == "config" }
            settings.append(ConfigurationSetting(option: config, key: "config", source: .commandLine, tokens: ["--config", path]))
        }
        let options: ServeOptions
        do {
            options = try ServeOptions.parse(settings.flatMap(\.tokens))
        } catch {
            throw explain(error, among: settings)
        }
        let applications = contents?.applications ?? ApplicationSettings()
        if let applicationNames { try applications.check(knownNames: applicationNames) }
        let unknown = environment.keys.filter { name in
            name.hasPrefix("GROVE_") && !name.hasPrefix("GROVE_UPGRADE_") && catalog.option(forEnvironmentName: name) == nil
        }
        return LoadedConfiguration(options: options, settings: settings, applications: applications, file: path,
                                   unknownEnvironment: unknown.sorted())
    }

    /// Parses `settings` (of one source) together; when that fails, each alone, so that the error
    /// names the first bad one's source and key.
    private func checkTogether(_ settings: [ConfigurationSetting]) throws(ConfigurationError) {
        guard !settings.isEmpty else { return }
        do {
            _ = try ServeOptions.parse(settings.flatMap(\.tokens))
        } catch {
            for setting in settings { try check(setting) }
            throw explain(error, among: settings)
        }
    }

    /// Parses `setting` alone, so that a bad value is blamed on its own source and key.
    private func check(_ setting: ConfigurationSetting) throws(ConfigurationError) {
        do {
            _ = try ServeOptions.parse(setting.tokens)
        } catch {
            throw explain(error, among: [setting])
        }
    }

    /// Turns an error of swift-argument-parser into one naming the setting responsible: the
    /// first of `settings` whose flag the message mentions (else the first of them).
    private func explain(_ error: any Error, among settings: [ConfigurationSetting]) -> ConfigurationError {
        let message = ServeOptions.message(for: error)
        let blamed = settings.first { setting in
            message.contains("'\(setting.option.flagName)") || message.contains("\(setting.option.flagName) ")
                || message.hasPrefix(setting.option.flagName)
        }
        guard let setting = blamed ?? (settings.count == 1 ? settings.first : nil) else {
            return ConfigurationError(.invalidValue, source: settings.first?.source ?? .commandLine, message: message)
        }
        let isTypeError = message.contains("is invalid for") || message.contains("Missing value")
        if isTypeError, let expected = expectation(for: setting.option) {
            let got = setting.values.last.map { "'\($0)'" } ?? "nothing"
            return ConfigurationError(.invalidValue, source: setting.source, key: setting.key, message: "expected \(expected), got \(got)")
        }
        var detail = message
        for prefix in ["\(setting.option.flagName): ", "\(setting.option.flagName) "] where detail.hasPrefix(prefix) {
            detail = String(detail.dropFirst(prefix.count))
        }
        return ConfigurationError(.invalidValue, source: setting.source, key: setting.key, message: detail)
    }

    /// What `option` accepts, found by trying typical values: an integer, a number (of seconds),
    /// a size, one of an enumeration; nil for free text.
    private func expectation(for option: ConfigurationOption) -> String? {
        if let values = option.allowedValues { return "one of " + values.joined(separator: ", ") }
        guard option.kind == .option else { return nil }
        func accepts(_ value: String) -> Bool { (try? ServeOptions.parse([option.flagName, value])) != nil }
        if accepts("seven") { return nil }
        if accepts("7k") { return "a size in bytes (1048576, 64k, 1m)" }
        if accepts("7.5") { return option.help.lowercased().contains("seconds") ? "a number of seconds" : "a number" }
        if accepts("7") { return "an integer" }
        return nil
    }
}

/// The configuration the sources made: the parsed options, which source set each, and the
/// per-application settings of the file.
public struct LoadedConfiguration: Sendable {
    /// The options after every override.
    public var options: ServeOptions
    /// The winning setting of each option some source set, in the options' order.
    public var settings: [ConfigurationSetting]
    /// The file's `applications` section.
    public var applications: ApplicationSettings
    /// The configuration file read, if any.
    public var file: String?
    /// `GROVE_*` environment variables that name no option (ignored; a typo?).
    public var unknownEnvironment: [String] = []

    /// The setting that decided `key`, or nil when it has its default.
    public func setting(forKey key: String) -> ConfigurationSetting? {
        settings.first { $0.option.key == key }
    }

    /// The server configuration (user and group resolved, defaults filled in).
    public func serveConfiguration() throws(ConfigurationError) -> ServeConfiguration {
        var configuration: ServeConfiguration
        do {
            configuration = try options.configuration()
        } catch {
            let setting = setting(forKey: "user") ?? setting(forKey: "group")
            throw ConfigurationError(.invalidValue, source: setting?.source ?? .commandLine, key: setting?.key,
                                     message: "\(error)")
        }
        configuration.configFile = file
        configuration.applications = applications
        return configuration
    }
}

import ArgumentParser

/// `check-config FILE`: validates a configuration file (with the `GROVE_*` environment applied)
/// and prints the effective configuration. Any executable built on ``GroveServer`` can offer it:
///
/// ```swift
/// struct CheckConfig: ParsableCommand {
///     @OptionGroup var check: CheckConfigOptions
///     func run() throws { try check.run(applicationNames: ["myapp"]) }
/// }
/// ```
public struct CheckConfigOptions: ParsableArguments, Sendable {
    /// The configuration file to check.
    @Argument(help: "The YAML configuration file to check.")
    public var file: String

    /// Makes options (ArgumentParser fills them).
    public init() {}

    /// Checks the file; prints the effective configuration to standard output, or the error to
    /// standard error and exits with status 1.
    public func run(applicationNames: [String]? = nil) throws {
        switch GroveServer.checkConfiguration(file: file, applicationNames: applicationNames) {
        case .success(let report):
            print(report, terminator: "")
        case .failure(let error):
            throw CheckConfigFailure(error: error)
        }
    }
}

/// A failed check: its message is the configuration error; the exit status 1.
struct CheckConfigFailure: Error, CustomStringConvertible {
    let error: ConfigurationError
    var description: String { "invalid configuration: \(error)" }
}

extension GroveServer {
    /// Loads `file` with `environment` applied (no command line), checks the `applications`
    /// section against `applicationNames` when given, and returns the effective configuration
    /// (``LoadedConfiguration/report(resolved:catalog:)``) or the first error.
    public static func checkConfiguration(
        file: String,
        applicationNames: [String]? = nil,
        environment: [String: String]? = nil
    ) -> Result<String, ConfigurationError> {
        var loader = ConfigurationLoader(commandLine: [], file: file, applicationNames: applicationNames)
        if let environment { loader.environment = environment }
        do {
            let loaded = try loader.load()
            return .success(loaded.report(resolved: try loaded.serveConfiguration()))
        } catch {
            return .failure(error)
        }
    }
}

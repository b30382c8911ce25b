import GroveMaster

/// Where a setting came from: the configuration file, an environment variable, the command line.
public enum ConfigurationSource: Sendable, Hashable, CustomStringConvertible {
    /// The built-in default.
    case defaultValue
    /// The configuration file at `path`, at `line` when known.
    case file(path: String, line: Int?)
    /// The environment variable `name`.
    case environment(name: String)
    /// The command line.
    case commandLine

    /// `grove.yaml:12`, `environment GROVE_WORKERS`, `command line`, `default`.
    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path, let line): line.map { "\(path):\($0)" } ?? path
        case .environment(let name): "environment \(name)"
        case .commandLine: "command line"
        }
    }
}

/// A configuration that cannot be used: a file that cannot be read or parsed, an unknown key,
/// a value of the wrong type or out of range. The description names the source (file and line,
/// or environment variable), the key (a dotted path inside the file) and what was expected:
/// `grove.yaml:4: key 'http.max-body-size': expected a size in bytes (1048576, 64k, 1m), got 'big'`.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem (those of a refused reload).
    public typealias Code = ConfigError.Code

    /// What kind of problem it is.
    public var code: Code
    /// Where the offending setting came from.
    public var source: ConfigurationSource
    /// The offending key (dotted path in the file, or the option's long name), when there is one.
    public var key: String?
    /// What is wrong and what was expected.
    public var message: String

    /// Makes an error.
    public init(_ code: Code, source: ConfigurationSource, key: String? = nil, message: String) {
        self.code = code
        self.source = source
        self.key = key
        self.message = message
    }

    /// `grove.yaml:4: key 'workers': expected an integer, got 'four'`.
    public var description: String {
        "\(source): " + (key.map { "key '\($0)': " } ?? "") + message
    }

    /// The form the master's state machine logs when a reload is refused.
    public var masterError: ConfigError {
        switch source {
        case .file(let path, let line):
            ConfigError(code, file: path, key: key, message: (line.map { "line \($0): " } ?? "") + message)
        default:
            ConfigError(code, file: "\(source)", key: key, message: message)
        }
    }
}

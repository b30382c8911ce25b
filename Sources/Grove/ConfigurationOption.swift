/// One option of `grove serve` as the configuration sees it: its long name is its key in the
/// file, `GROVE_` plus the name in upper snake case its environment variable.
public struct ConfigurationOption: Sendable, Hashable {
    /// Whether the option takes a value or is a flag.
    public enum Kind: Sendable, Hashable {
        /// `--name VALUE`.
        case option
        /// `--name` (a boolean; an inversion `--no-name` when it has one).
        case flag
    }

    /// The long name, without dashes: the file key (`graceful-timeout`).
    public var key: String
    /// Option or flag.
    public var kind: Kind
    /// Whether it may be given several times (`--bind`); in the file a list, in the environment
    /// a comma-separated list.
    public var isRepeating: Bool
    /// The name of the flag's inversion (`no-name`), when it has one.
    public var inversion: String?
    /// Short names (`w` for `-w`), which the command line may use.
    public var shortNames: [String]
    /// Every value it accepts, when it is an enumeration.
    public var allowedValues: [String]?
    /// The default as the help shows it, if any.
    public var defaultValue: String?
    /// The help text.
    public var help: String

    /// Makes an option description.
    public init(key: String, kind: Kind, isRepeating: Bool = false, inversion: String? = nil, shortNames: [String] = [],
                allowedValues: [String]? = nil, defaultValue: String? = nil, help: String = "") {
        self.key = key
        self.kind = kind
        self.isRepeating = isRepeating
        self.inversion = inversion
        self.shortNames = shortNames
        self.allowedValues = allowedValues
        self.defaultValue = defaultValue
        self.help = help
    }

    /// `--graceful-timeout`.
    public var flagName: String { "--\(key)" }

    /// The argument tokens that give this option `value`: `--key=value`, or `--key ""` for an
    /// empty value (swift-argument-parser reads `--key=` as a missing value; an empty value
    /// turns a path option such as `readiness-path` off).
    public func tokens(forValue value: String) -> [String] {
        value.isEmpty ? [flagName, ""] : ["\(flagName)=\(value)"]
    }

    /// `GROVE_GRACEFUL_TIMEOUT`.
    public var environmentName: String { Self.environmentName(forKey: key) }

    /// `GROVE_` + the key in upper snake case.
    public static func environmentName(forKey key: String) -> String {
        "GROVE_" + key.uppercased().map { $0 == "-" ? "_" : $0 }.map(String.init).joined()
    }
}

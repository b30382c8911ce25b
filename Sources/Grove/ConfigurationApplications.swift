import GroveHTTP
import TaskScopes
import Yams

/// Shutdown timeouts for one scope, as the configuration file sets them; unset ones keep the
/// application's own value.
public struct ScopeTimeouts: Sendable, Hashable {
    /// How long the scope's tasks may take to finish after the graceful signal.
    public var gracefulTimeout: Duration?
    /// How long cancelled tasks may take before they are reported stuck and abandoned.
    public var forcedTimeout: Duration?

    /// Makes timeouts (nil: unchanged).
    public init(gracefulTimeout: Duration? = nil, forcedTimeout: Duration? = nil) {
        self.gracefulTimeout = gracefulTimeout
        self.forcedTimeout = forcedTimeout
    }

    /// `options` with the timeouts set here replaced.
    public func applied(to options: ScopeOptions) -> ScopeOptions {
        var options = options
        if let gracefulTimeout { options.gracefulTimeout = gracefulTimeout }
        if let forcedTimeout { options.forcedTimeout = forcedTimeout }
        return options
    }
}

/// The file's settings for one application: its own scope's timeouts (which its child scopes
/// follow unless set too) and those of its `handlers`, `timers` and `background` scopes.
public struct ApplicationScopeSettings: Sendable, Hashable {
    /// Timeouts of `root/apps/<name>` and, unless ``scopes`` sets them, of its child scopes.
    public var application: ScopeTimeouts
    /// Timeouts per child scope (`handlers`, `timers`, `background`).
    public var scopes: [String: ScopeTimeouts]
    /// Where the application's section is (for errors about it).
    public var source: ConfigurationSource

    /// Makes settings.
    public init(application: ScopeTimeouts = ScopeTimeouts(), scopes: [String: ScopeTimeouts] = [:],
                source: ConfigurationSource = .defaultValue) {
        self.application = application
        self.scopes = scopes
        self.source = source
    }

    /// `application` with these settings: the file's values win over the application's code.
    public func applied(to application: Application) -> Application {
        var application = application
        let own = self.application
        for name in Application.childScopeNames {
            let base = application.childScopeOptions[name].map(own.applied(to:)) ?? own.applied(to: application.scopeOptions)
            application.childScopeOptions[name] = (scopes[name] ?? ScopeTimeouts()).applied(to: base)
        }
        application.scopeOptions = own.applied(to: application.scopeOptions)
        return application
    }
}

/// The `applications` section of the configuration file, by application name.
///
/// ```yaml
/// applications:
///   myapp-a:
///     graceful-timeout: 20      # the application scope, and its child scopes unless set below
///     forced-timeout: 5
///     scopes:
///       handlers: {graceful-timeout: 5, forced-timeout: 1}
/// ```
public struct ApplicationSettings: Sendable, Hashable {
    /// Settings per application name.
    public var byName: [String: ApplicationScopeSettings]

    /// No per-application settings.
    public init(byName: [String: ApplicationScopeSettings] = [:]) {
        self.byName = byName
    }

    /// Throws when the file names an application none of `names` is.
    public func check(knownNames names: some Collection<String>) throws(ConfigurationError) {
        for name in byName.keys.sorted() where !names.contains(name) {
            throw ConfigurationError(.unknownKey, source: byName[name]!.source,
                                     key: "\(ConfigurationFile.applicationsKey).\(name)",
                                     message: "no mounted application is named '\(name)' (known: \(names.sorted().joined(separator: ", ")))")
        }
    }

    /// The applications with the file's settings applied; throws when the file names an
    /// application that is not among them.
    public func applied(to applications: [Application]) throws(ConfigurationError) -> [Application] {
        try check(knownNames: applications.map(\.name))
        return applications.map { application in byName[application.name]?.applied(to: application) ?? application }
    }

    // MARK: Parsing

    static let timeoutKeys = ["graceful-timeout", "forced-timeout"]

    /// Parses the `applications` section.
    static func parse(_ node: Node, path: String, key: String) throws(ConfigurationError) -> ApplicationSettings {
        let apps = try mapping(node, path: path, key: key, expected: "a section of application names")
        var settings = ApplicationSettings()
        for (nameNode, appNode) in apps {
            guard let name = nameNode.scalar?.string, !name.isEmpty else {
                throw failure(path, nameNode, key: key, "expected an application name as key")
            }
            let appKey = "\(key).\(name)"
            var app = ApplicationScopeSettings(source: .file(path: path, line: nameNode.mark?.line))
            for (fieldNode, value) in try mapping(appNode, path: path, key: appKey, expected: "a section of settings") {
                let field = fieldNode.scalar?.string ?? ""
                if field == "scopes" {
                    for (scopeNode, scopeValue) in try mapping(value, path: path, key: "\(appKey).scopes", expected: "a section of scope names") {
                        let scope = scopeNode.scalar?.string ?? ""
                        let scopeKey = "\(appKey).scopes.\(scope)"
                        guard Application.childScopeNames.contains(scope) else {
                            throw failure(path, scopeNode, key: scopeKey, "unknown scope; expected one of "
                                + Application.childScopeNames.joined(separator: ", "), code: .unknownKey)
                        }
                        app.scopes[scope] = try timeouts(scopeValue, path: path, key: scopeKey)
                    }
                } else if timeoutKeys.contains(field) {
                    try setTimeout(field, of: &app.application, value, path: path, key: "\(appKey).\(field)")
                } else {
                    throw failure(path, fieldNode, key: "\(appKey).\(field)",
                                  "unknown key; expected graceful-timeout, forced-timeout or scopes", code: .unknownKey)
                }
            }
            settings.byName[name] = app
        }
        return settings
    }

    private static func timeouts(_ node: Node, path: String, key: String) throws(ConfigurationError) -> ScopeTimeouts {
        var timeouts = ScopeTimeouts()
        for (fieldNode, value) in try mapping(node, path: path, key: key, expected: "a section of timeouts") {
            let field = fieldNode.scalar?.string ?? ""
            guard timeoutKeys.contains(field) else {
                throw failure(path, fieldNode, key: "\(key).\(field)", "unknown key; expected graceful-timeout or forced-timeout",
                              code: .unknownKey)
            }
            try setTimeout(field, of: &timeouts, value, path: path, key: "\(key).\(field)")
        }
        return timeouts
    }

    private static func setTimeout(_ field: String, of timeouts: inout ScopeTimeouts, _ value: Node, path: String,
                                   key: String) throws(ConfigurationError) {
        guard case .scalar = value, let seconds = value.float ?? value.int.map(Double.init), seconds.isFinite, seconds >= 0,
              seconds <= OptionSeconds.maximum else {
            throw failure(path, value, key: key,
                          "expected a number of seconds (0 or more), got '\(value.scalar?.string ?? "a \(kind(of: value))")'")
        }
        let duration = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        if field == "graceful-timeout" { timeouts.gracefulTimeout = duration } else { timeouts.forcedTimeout = duration }
    }

    private static func mapping(_ node: Node, path: String, key: String, expected: String) throws(ConfigurationError) -> Node.Mapping {
        if case .mapping(let mapping) = node { return mapping }
        throw failure(path, node, key: key, "expected \(expected), got \(node.scalar.map { "'\($0.string)'" } ?? "a \(kind(of: node))")")
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: "value"
        case .mapping: "section"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    private static func failure(_ path: String, _ node: Node, key: String, _ message: String,
                                code: ConfigurationError.Code = .invalidValue) -> ConfigurationError {
        ConfigurationError(code, source: .file(path: path, line: node.mark?.line), key: key, message: message)
    }
}

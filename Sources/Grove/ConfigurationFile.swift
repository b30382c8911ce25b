import Yams

#if canImport(Glibc)
import Glibc
#endif

/// A parsed configuration file: the options it sets and its per-application settings.
///
/// The file is YAML. Its keys are the long names of `grove serve`'s options (`workers`,
/// `graceful-timeout`, `bind`); a section flattens into its keys joined by `-`, so
/// `http: {max-body-size: 1m}` is `http-max-body-size`. `applications` holds the
/// per-application scope timeouts (file only). An empty file is a valid, empty configuration.
public struct ConfigurationFile: Sendable {
    /// The file's path.
    public var path: String
    /// The options it sets, in file order.
    public var settings: [ConfigurationSetting]
    /// Its `applications` section.
    public var applications: ApplicationSettings

    /// The section holding per-application settings.
    static let applicationsKey = "applications"

    /// Reads and parses the file at `path` against `catalog`.
    public static func read(_ path: String, catalog: ConfigurationOptionCatalog = .serve) throws(ConfigurationError) -> ConfigurationFile {
        try parse(try readText(path), path: path, catalog: catalog)
    }

    /// Parses `text` as the contents of the file `path`.
    public static func parse(_ text: String, path: String, catalog: ConfigurationOptionCatalog = .serve) throws(ConfigurationError) -> ConfigurationFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw syntaxError(error, path: path, text: text)
        }
        var file = ConfigurationFile(path: path, settings: [], applications: ApplicationSettings())
        guard let root else { return file }
        guard case .mapping(let mapping) = root else {
            throw ConfigurationError(.syntax, source: .file(path: path, line: root.mark?.line),
                                     message: "expected a mapping of option names to values at the top level")
        }
        var reader = Reader(path: path, catalog: catalog)
        try reader.walk(mapping, prefix: [])
        file.settings = reader.settings
        file.applications = reader.applications
        return file
    }

    private static func readText(_ path: String) throws(ConfigurationError) -> String {
        func failure(_ message: String) -> ConfigurationError {
            ConfigurationError(.unreadable, source: .file(path: path, line: nil), message: message)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw failure("not a regular file") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw failure(String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes += chunk.prefix(count)
            guard bytes.count <= 1 << 20 else { throw failure("larger than 1 MiB") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw failure("not UTF-8 text") }
        return text
    }

    private static func syntaxError(_ error: any Error, path: String, text: String) -> ConfigurationError {
        guard let yaml = error as? YamlError else {
            return ConfigurationError(.syntax, source: .file(path: path, line: nil), message: "\(error)")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return ConfigurationError(.syntax, source: .file(path: path, line: mark.line),
                                      message: "invalid YAML: \(detail)\(problem) (column \(mark.column))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationError(.syntax, source: .file(path: path, line: repeatedLine(of: duplicates, in: text, after: context.mark.line)),
                                      message: "duplicate key(s) \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        default:
            return ConfigurationError(.syntax, source: .file(path: path, line: nil), message: "invalid YAML: \(yaml)")
        }
    }
}

extension ConfigurationFile {
    /// The line where one of `keys` appears a second time (from `line` on), else `line`: libyaml
    /// marks a mapping with a duplicate key at the mapping's start.
    static func repeatedLine(of keys: [String], in text: String, after line: Int) -> Int {
        var seen: Set<String> = []
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 >= line {
            let trimmed = content.drop { $0 == " " || $0 == "\t" || $0 == "-" }
            guard let key = keys.first(where: { trimmed.hasPrefix("\($0):") }) else { continue }
            if !seen.insert(key).inserted { return index + 1 }
        }
        return line
    }
}

/// Walks the file's mappings, turning each key into a setting of the catalog's options.
private struct Reader {
    let path: String
    let catalog: ConfigurationOptionCatalog
    var settings: [ConfigurationSetting] = []
    var applications = ApplicationSettings()

    init(path: String, catalog: ConfigurationOptionCatalog) {
        self.path = path
        self.catalog = catalog
    }

    func error(_ code: ConfigurationError.Code, _ node: Node, key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code, source: .file(path: path, line: node.mark?.line), key: key, message: message)
    }

    mutating func walk(_ mapping: Node.Mapping, prefix: [String]) throws(ConfigurationError) {
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string, !name.isEmpty else {
                throw error(.syntax, keyNode, key: prefix.joined(separator: "."), "expected a name as key")
            }
            let dotted = (prefix + [name]).joined(separator: ".")
            let flat = (prefix + [name]).joined(separator: "-")
            if prefix.isEmpty, name == ConfigurationFile.applicationsKey {
                applications = try ApplicationSettings.parse(value, path: path, key: dotted)
            } else if flat == "config" {
                throw error(.unknownKey, keyNode, key: dotted,
                            "the configuration file cannot name another one (use --config or GROVE_CONFIG)")
            } else if let option = catalog.option(forKey: flat), flat == option.key {
                settings.append(ConfigurationSetting(option: option, key: dotted, source: source(of: value),
                                                     tokens: try tokens(for: option, value, key: dotted)))
            } else if case .mapping(let section) = value {
                try walk(section, prefix: prefix + [name])
            } else {
                throw error(.unknownKey, keyNode, key: dotted, "unknown key" + suggestion(for: flat))
            }
        }
    }

    private func source(of node: Node) -> ConfigurationSource { .file(path: path, line: node.mark?.line) }

    private func suggestion(for key: String) -> String {
        let known = catalog.options.map(\.key) + [ConfigurationFile.applicationsKey]
        guard let best = known.min(by: { editDistance($0, key) < editDistance($1, key) }),
              editDistance(best, key) <= max(2, key.count / 4) else {
            return " (see `grove serve --help` for the options; each long name is a key)"
        }
        return "; did you mean '\(best)'?"
    }

    private func tokens(for option: ConfigurationOption, _ value: Node, key: String) throws(ConfigurationError) -> [String] {
        switch (option.kind, value) {
        case (.flag, .scalar) where option.isRepeating:
            guard let count = value.int, count >= 0 else {
                throw error(.invalidValue, value, key: key, "expected a count (0, 1, 2, …), got '\(value.scalar?.string ?? "")'")
            }
            return Array(repeating: option.flagName, count: count)
        case (.flag, .scalar):
            guard let flag = value.bool else {
                throw error(.invalidValue, value, key: key, "expected true or false, got '\(value.scalar?.string ?? "")'")
            }
            return flag ? [option.flagName] : option.inversion.map { ["--\($0)"] } ?? []
        case (.option, .scalar(let scalar)):
            guard value.null == nil else { throw error(.invalidValue, value, key: key, "expected a value, got nothing") }
            return option.tokens(forValue: scalar.string)
        case (.option, .sequence(let sequence)) where option.isRepeating:
            var tokens: [String] = []
            for (index, element) in sequence.enumerated() {
                guard case .scalar(let scalar) = element, element.null == nil else {
                    throw error(.invalidValue, element, key: "\(key)[\(index)]", "expected a single value")
                }
                tokens += option.tokens(forValue: scalar.string)
            }
            return tokens
        case (_, .sequence):
            throw error(.invalidValue, value, key: key, "expected a single value, not a list")
        case (_, .mapping):
            throw error(.invalidValue, value, key: key, "expected a single value, not a section")
        case (_, .alias):
            throw error(.invalidValue, value, key: key, "aliases are not supported")
        }
    }
}

/// The Levenshtein distance of two short strings (for "did you mean" hints).
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

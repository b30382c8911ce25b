@testable import Grove
import Testing

@Suite("Configuration: bad files name the file, the key, the line and what was expected")
struct ConfigurationErrorTests {
    func expectError(_ text: String, code: ConfigurationError.Code = .invalidValue, key: String?, line: Int?,
                     containing expected: String, applicationNames: [String]? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (error, path) = try loadError(text, applicationNames: applicationNames)
        let failure = try #require(error, "no error for \(text)", sourceLocation: sourceLocation)
        #expect(failure.code == code, sourceLocation: sourceLocation)
        #expect(failure.key == key, sourceLocation: sourceLocation)
        #expect(failure.source == .file(path: path, line: line), sourceLocation: sourceLocation)
        #expect(failure.message.contains(expected), "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.description.hasPrefix(line.map { "\(path):\($0): " } ?? "\(path): "), sourceLocation: sourceLocation)
    }

    @Test("unknown key, with a suggestion; unknown nested key as a dotted path")
    func unknownKeys() throws {
        try expectError("workers: 2\nwokers: 3\n", code: .unknownKey, key: "wokers", line: 2, containing: "did you mean 'workers'?")
        try expectError("http:\n  max-body: 10\n", code: .unknownKey, key: "http.max-body", line: 2, containing: "unknown key")
        try expectError("config: other.yaml\n", code: .unknownKey, key: "config", line: 1, containing: "cannot name another")
    }

    @Test("wrong types: text for a number, a list for a single value, a section for a value, a non-boolean flag")
    func wrongTypes() throws {
        try expectError("workers: four\n", key: "workers", line: 1, containing: "expected an integer, got 'four'")
        try expectError("graceful-timeout: soon\n", key: "graceful-timeout", line: 1, containing: "expected a number of seconds")
        try expectError("http:\n  max-body-size: big\n", key: "http.max-body-size", line: 2, containing: "expected a size in bytes")
        try expectError("workers: [1, 2]\n", key: "workers", line: 1, containing: "expected a single value, not a list")
        try expectError("pid-file:\n  a: b\n", key: "pid-file", line: 2, containing: "not a section")
        try expectError("shared-socket: maybe\n", key: "shared-socket", line: 1, containing: "expected true or false, got 'maybe'")
        try expectError("pid-file:\n", key: "pid-file", line: 1, containing: "expected a value")
        try expectError("bind:\n  - 127.0.0.1:1\n  - [a]\n", key: "bind[1]", line: 3, containing: "expected a single value")
    }

    @Test("bad values: validation errors name the file's key")
    func badValues() throws {
        try expectError("graceful-timeout: -1\n", key: "graceful-timeout", line: 1, containing: "must be positive")
        try expectError("\n\nworkers: 0\n", key: "workers", line: 3, containing: "at least 1")
        try expectError("bind: nohost\n", key: "bind", line: 1, containing: "expected HOST:PORT or unix:PATH")
        try expectError("http:\n  idle-timeout: 0\n", key: "http.idle-timeout", line: 2, containing: "positive")
    }

    @Test("applications: an unknown application, an unknown scope, a bad timeout")
    func applications() throws {
        let names = ["myapp-a", "myapp-b"]
        try expectError("applications:\n  myapp-c:\n    graceful-timeout: 3\n", code: .unknownKey, key: "applications.myapp-c", line: 2,
                        containing: "no mounted application is named 'myapp-c'", applicationNames: names)
        try expectError("applications:\n  myapp-a:\n    scopes:\n      handler: {graceful-timeout: 1}\n", code: .unknownKey,
                        key: "applications.myapp-a.scopes.handler", line: 4, containing: "expected one of handlers, timers, background")
        try expectError("applications:\n  myapp-a:\n    forced-timeout: -2\n", key: "applications.myapp-a.forced-timeout", line: 3,
                        containing: "expected a number of seconds (0 or more), got '-2'")
        try expectError("applications:\n  myapp-a:\n    patience: 2\n", code: .unknownKey, key: "applications.myapp-a.patience",
                        line: 3, containing: "unknown key")
    }

    @Test("syntax errors and duplicate keys give the line; a missing file names the file")
    func syntax() throws {
        try expectError("workers: 2\n  x: : :\n", code: .syntax, key: nil, line: 2, containing: "invalid YAML")
        try expectError("workers: 2\nworkers: 3\n", code: .syntax, key: nil, line: 2, containing: "duplicate key(s) 'workers'")
        try expectError("- a\n- b\n", code: .syntax, key: nil, line: 1, containing: "expected a mapping")
        let loader = ConfigurationLoader(commandLine: [], environment: [:], file: "/nonexistent/grove.yaml")
        #expect(throws: ConfigurationError(.unreadable, source: .file(path: "/nonexistent/grove.yaml", line: nil),
                                           message: "No such file or directory")) { try loader.load() }
    }

    @Test("a bad GROVE_* variable names the variable")
    func badEnvironment() throws {
        let loader = ConfigurationLoader(commandLine: [], environment: ["GROVE_WORKERS": "many"])
        #expect(throws: ConfigurationError(.invalidValue, source: .environment(name: "GROVE_WORKERS"), key: "workers",
                                           message: "expected an integer, got 'many'")) { try loader.load() }
        let flag = ConfigurationLoader(commandLine: [], environment: ["GROVE_SHARED_SOCKET": "perhaps"])
        #expect(throws: ConfigurationError.self) { try flag.load() }
    }

    @Test("an empty file or one with only comments is an empty configuration")
    func emptyFile() throws {
        let loaded = try load("# nothing yet\n").loaded
        #expect(loaded.settings.map(\.option.key) == ["config"])
        #expect(try loaded.serveConfiguration().gracefulTimeout == .seconds(30))
    }

    @Test("check-config: the report of a good file; the message of a bad one")
    func checkConfig() throws {
        let good = try TemporaryFile("workers: 3\nhttp: {max-body-size: 2m}\napplications: {myapp-a: {graceful-timeout: 7}}\n")
        let report = try GroveServer.checkConfiguration(file: good.path, applicationNames: ["myapp-a"],
                                                        environment: ["GROVE_GRACEFUL_TIMEOUT": "12", "GROVE_WORKRES": "9",
                                                                      "GROVE_UPGRADE_LISTENERS": "3"]).get()
        #expect(report.contains("# GROVE_WORKRES is set but names no option: ignored"))
        #expect(!report.contains("GROVE_UPGRADE_LISTENERS"))
        #expect(report.contains("workers: 3  # \(good.path):1"))
        #expect(report.contains("http-max-body-size: 2m  # \(good.path):2"))
        #expect(report.contains("graceful-timeout: 12  # environment GROVE_GRACEFUL_TIMEOUT"))
        #expect(report.contains("  myapp-a:  # \(good.path):3"))
        #expect(report.contains("    graceful-timeout: 7"))
        let bad = try TemporaryFile("applications: {nope: {graceful-timeout: 7}}\n")
        let failure = GroveServer.checkConfiguration(file: bad.path, applicationNames: ["myapp-a"], environment: [:])
        #expect(throws: ConfigurationError.self) { try failure.get() }
        if case .failure(let error) = failure { #expect(error.key == "applications.nope") }
    }

    @Test("the check-config report is itself a valid configuration file giving the same settings")
    func reportRoundTrips() throws {
        let first = try load("workers: 3\nbind: ['127.0.0.1:8123', 'unix:/tmp/g.sock']\npid-file: /tmp/g.pid\nshared-socket: true\n"
            + "http: {header-timeout: 2.5}\n").loaded
        let report = first.report(resolved: try first.serveConfiguration())
        let second = try load(report).loaded
        #expect(try second.serveConfiguration().binds == first.serveConfiguration().binds)
        #expect(try second.serveConfiguration().workers == 3)
        #expect(try second.serveConfiguration().http == first.serveConfiguration().http)
        #expect(try second.serveConfiguration().listenerLayout == .shared)
        #expect(try second.serveConfiguration().pidFile == "/tmp/g.pid")
    }
}

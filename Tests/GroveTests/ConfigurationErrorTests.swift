@testable import Grove
import Testing

@Suite("Configuration: bad files name the file, the key, the line and what was expected")
struct ConfigurationErrorTests {
    func expectError(_ text: String, code: ConfigurationError.Code = .invalidValue, key: String?, line: Int?,
                     containing expected: String, applicationNames: [String]? = nil,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (error, path) = try await loadError(text, applicationNames: applicationNames)
        let failure = try #require(error, "no error for \(text)", sourceLocation: sourceLocation)
        #expect(failure.code == code, sourceLocation: sourceLocation)
        #expect(failure.key == key, sourceLocation: sourceLocation)
        #expect(failure.source == .file(path: path, line: line), sourceLocation: sourceLocation)
        #expect(failure.message.contains(expected), "\(failure)", sourceLocation: sourceLocation)
        #expect(failure.description.hasPrefix(line.map { "\(path):\($0): " } ?? "\(path): "), sourceLocation: sourceLocation)
    }

    @Test("unknown key, with a suggestion; unknown nested key as a dotted path")
    func unknownKeys() async throws {
        try await expectError("workers: 2\nwokers: 3\n", code: .unknownKey, key: "wokers", line: 2, containing: "did you mean 'workers'?")
        try await expectError("http:\n  max-body: 10\n", code: .unknownKey, key: "http.max-body", line: 2, containing: "unknown key")
        try await expectError("config: other.yaml\n", code: .unknownKey, key: "config", line: 1, containing: "cannot name another")
    }

    @Test("wrong types: text for a number, a list for a single value, a section for a value, a non-boolean flag")
    func wrongTypes() async throws {
        try await expectError("workers: four\n", key: "workers", line: 1, containing: "expected an integer, got 'four'")
        try await expectError("graceful-timeout: soon\n", key: "graceful-timeout", line: 1, containing: "expected a number of seconds")
        try await expectError("http:\n  max-body-size: big\n", key: "http.max-body-size", line: 2, containing: "expected a size in bytes")
        try await expectError("workers: [1, 2]\n", key: "workers", line: 1, containing: "expected a single value, not a list")
        try await expectError("pid-file:\n  a: b\n", key: "pid-file", line: 2, containing: "not a section")
        try await expectError("shared-socket: maybe\n", key: "shared-socket", line: 1, containing: "expected true or false, got 'maybe'")
        try await expectError("pid-file:\n", key: "pid-file", line: 1, containing: "expected a value")
        try await expectError("bind:\n  - 127.0.0.1:1\n  - [a]\n", key: "bind[1]", line: 3, containing: "expected a single value")
    }

    @Test("bad values: validation errors name the file's key")
    func badValues() async throws {
        try await expectError("graceful-timeout: -1\n", key: "graceful-timeout", line: 1, containing: "must be a number of seconds above 0")
        try await expectError("\n\nworkers: 0\n", key: "workers", line: 3, containing: "between 1 and 1024")
        try await expectError("bind: nohost\n", key: "bind", line: 1, containing: "expected HOST:PORT or unix:PATH")
        try await expectError("http:\n  idle-timeout: 0\n", key: "http.idle-timeout", line: 2, containing: "above 0")
    }

    @Test("numbers a file can hold but no server can use (nan, inf, 1e300, 40000 workers) are refused, not trapped on")
    func extremeValues() async throws {
        try await expectError("graceful-timeout: nan\n", key: "graceful-timeout", line: 1, containing: "not nan")
        try await expectError("heartbeat-timeout: nan\n", key: "heartbeat-timeout", line: 1, containing: "not nan")
        try await expectError("graceful-timeout: inf\n", key: "graceful-timeout", line: 1, containing: "not inf")
        try await expectError("graceful-timeout: 1e300\n", key: "graceful-timeout", line: 1, containing: "(a year)")
        try await expectError("drain-delay: -0.5\n", key: "drain-delay", line: 1, containing: "from 0")
        try await expectError("http:\n  idle-timeout: 1e13\n", key: "http.idle-timeout", line: 2, containing: "(a year)")
        try await expectError("http:\n  drain-idle-grace: nan\n", key: "http.drain-idle-grace", line: 2, containing: "not nan")
        try await expectError("workers: 40000\n", key: "workers", line: 1, containing: "between 1 and 1024, not 40000")
    }

    @Test("applications: an unknown application, an unknown scope, a bad timeout")
    func applications() async throws {
        let names = ["myapp-a", "myapp-b"]
        try await expectError("applications:\n  myapp-c:\n    graceful-timeout: 3\n", code: .unknownKey, key: "applications.myapp-c", line: 2,
                        containing: "no mounted application is named 'myapp-c'", applicationNames: names)
        try await expectError("applications:\n  myapp-a:\n    scopes:\n      handler: {graceful-timeout: 1}\n", code: .unknownKey,
                        key: "applications.myapp-a.scopes.handler", line: 4, containing: "expected one of handlers, timers, background")
        try await expectError("applications:\n  myapp-a:\n    forced-timeout: -2\n", key: "applications.myapp-a.forced-timeout", line: 3,
                        containing: "expected a number of seconds (0 or more), got '-2'")
        try await expectError("applications:\n  myapp-a:\n    patience: 2\n", code: .unknownKey, key: "applications.myapp-a.patience",
                        line: 3, containing: "unknown key")
    }

    @Test("syntax errors and duplicate keys give the line; a missing file names the file")
    func syntax() async throws {
        try await expectError("workers: 2\n  x: : :\n", code: .syntax, key: nil, line: 2, containing: "invalid YAML")
        try await expectError("workers: 2\nworkers: 3\n", code: .syntax, key: nil, line: 2, containing: "duplicate key(s) 'workers'")
        try await expectError("- a\n- b\n", code: .syntax, key: nil, line: 1, containing: "expected a mapping")
        let loader = ConfigurationLoader(commandLine: [], environment: [:], file: "/nonexistent/grove.yaml")
        #expect(throws: ConfigurationError(.unreadable, source: .file(path: "/nonexistent/grove.yaml", line: nil),
                                           message: "No such file or directory")) { try loader.load() }
    }

    @Test("a bad GROVE_* variable names the variable")
    func badEnvironment() async throws {
        let loader = ConfigurationLoader(commandLine: [], environment: ["GROVE_WORKERS": "many"])
        #expect(throws: ConfigurationError(.invalidValue, source: .environment(name: "GROVE_WORKERS"), key: "workers",
                                           message: "expected an integer, got 'many'")) { try loader.load() }
        let flag = ConfigurationLoader(commandLine: [], environment: ["GROVE_SHARED_SOCKET": "perhaps"])
        #expect(throws: ConfigurationError.self) { try flag.load() }
    }

    @Test("an empty file or one with only comments is an empty configuration")
    func emptyFile() async throws {
        let loaded = try await load("# nothing yet\n").loaded
        #expect(loaded.settings.map(\.option.key) == ["config"])
        #expect(try loaded.serveConfiguration().gracefulTimeout == .seconds(30))
    }

    @Test("check-config: the report of a good file; the message of a bad one")
    func checkConfig() async throws {
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
    func reportRoundTrips() async throws {
        let first = try await load("workers: 3\nbind: ['127.0.0.1:8123', 'unix:/tmp/g.sock']\npid-file: /tmp/g.pid\nshared-socket: true\n"
            + "http: {header-timeout: 2.5}\n").loaded
        let report = first.report(resolved: try first.serveConfiguration())
        let second = try await load(report).loaded
        #expect(try second.serveConfiguration().binds == first.serveConfiguration().binds)
        #expect(try second.serveConfiguration().workers == 3)
        #expect(try second.serveConfiguration().http == first.serveConfiguration().http)
        #expect(try second.serveConfiguration().listenerLayout == .shared)
        #expect(try second.serveConfiguration().pidFile == "/tmp/g.pid")
    }
}

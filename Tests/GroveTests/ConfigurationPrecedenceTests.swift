@testable import Grove
import Testing

@Suite("Configuration: defaults < file < environment < command line")
struct ConfigurationPrecedenceTests {
    let file = "workers: 2\ngraceful-timeout: 20\nbind: ['127.0.0.1:8001', '127.0.0.1:8002']\nshared-socket: true\nmax-requests: 100\n"

    @Test("single values: the environment beats the file, the command line beats both")
    func singleValues() async throws {
        let fileOnly = try await load(file).loaded
        #expect(fileOnly.options.workers == 2)
        #expect(fileOnly.options.gracefulTimeout == 20)
        #expect(fileOnly.options.maximumWorkerFailures == 10, "an option nobody sets keeps its default")

        let withEnvironment = try await load(file, environment: ["GROVE_WORKERS": "3", "GROVE_GRACEFUL_TIMEOUT": "15"]).loaded
        #expect(withEnvironment.options.workers == 3)
        #expect(withEnvironment.options.gracefulTimeout == 15)
        #expect(withEnvironment.options.maximumRequests == 100)

        let withCommandLine = try await load(file, environment: ["GROVE_WORKERS": "3", "GROVE_GRACEFUL_TIMEOUT": "15"],
                                       commandLine: ["serve", "--workers", "4", "--enable-lab-faults"]).loaded
        #expect(withCommandLine.options.workers == 4)
        #expect(withCommandLine.options.gracefulTimeout == 15)
        #expect(withCommandLine.setting(forKey: "workers")?.source == .commandLine)
        #expect(withCommandLine.setting(forKey: "graceful-timeout")?.source == .environment(name: "GROVE_GRACEFUL_TIMEOUT"))
    }

    @Test("repeatable options: the highest source that sets them replaces the lower sources' lists")
    func repeatableOptions() async throws {
        let fileOnly = try await load(file).loaded
        #expect(fileOnly.options.binds == ["127.0.0.1:8001", "127.0.0.1:8002"])
        let environment = try await load(file, environment: ["GROVE_BIND": "127.0.0.1:9001, unix:/tmp/g.sock"]).loaded
        #expect(environment.options.binds == ["127.0.0.1:9001", "unix:/tmp/g.sock"])
        let commandLine = try await load(file, environment: ["GROVE_BIND": "127.0.0.1:9001"],
                                   commandLine: ["--bind", "127.0.0.1:7001", "--bind=127.0.0.1:7002"]).loaded
        #expect(commandLine.options.binds == ["127.0.0.1:7001", "127.0.0.1:7002"])
    }

    @Test("flags: the environment can turn off what the file turned on")
    func flags() async throws {
        #expect(try await load(file).loaded.options.sharedSocket)
        #expect(try await load(file, environment: ["GROVE_SHARED_SOCKET": "false"]).loaded.options.sharedSocket == false)
        #expect(try await load("workers: 1\n", environment: ["GROVE_SHARED_SOCKET": "yes"]).loaded.options.sharedSocket)
    }

    @Test("the configuration file comes from --config, else GROVE_CONFIG")
    func configPath() async throws {
        let first = try TemporaryFile("workers: 5\n")
        let second = try TemporaryFile("workers: 6\n")
        let fromEnvironment = ConfigurationLoader(commandLine: [], environment: ["GROVE_CONFIG": first.path])
        #expect(try fromEnvironment.load().options.workers == 5)
        let fromCommandLine = ConfigurationLoader(commandLine: ["serve", "--config", second.path],
                                                  environment: ["GROVE_CONFIG": first.path])
        #expect(try fromCommandLine.load().options.workers == 6)
        #expect(try fromCommandLine.load().file == second.path)
    }

    @Test("a bad value in the file is an error even where the environment or the command line overrides it")
    func overriddenBadValue() async throws {
        let (error, path) = try await loadError("workers: four\n", environment: ["GROVE_WORKERS": "2"], commandLine: ["--workers", "3"])
        #expect(error?.source == .file(path: path, line: 1))
        #expect(error?.key == "workers")
        let (environmentError, _) = try await loadError("workers: 2\n", environment: ["GROVE_WORKERS": "x"], commandLine: ["--workers", "3"])
        #expect(environmentError?.source == .environment(name: "GROVE_WORKERS"))
    }

    @Test("the command line's other options, subcommands and values after -- are not ServeOptions'")
    func commandLineExtraction() async {
        let settings = ConfigurationSources.commandLineSettings(
            ["serve", "--enable-lab-faults", "--workers=2", "--pid-file", "/tmp/p", "--", "--workers", "9"],
            catalog: .serve)
        #expect(settings.map(\.option.key) == ["workers", "pid-file"])
        #expect(settings.flatMap(\.tokens) == ["--workers=2", "--pid-file", "/tmp/p"])
        #expect(settings.map(\.values) == [["2"], ["/tmp/p"]])
    }
}

@testable import Grove
import GroveHTTP
import GroveHTTPParser
import TaskScopes
import Testing

@Suite("Configuration: the file's HTTP limits and scope timeouts reach the workers' configuration")
struct WorkerConfigurationTests {
    @Test("HTTP options default to HTTPServerConfiguration's defaults")
    func httpDefaults() async throws {
        #expect(try HTTPLimitOptions.parse([]).configuration == HTTPServerConfiguration())
    }

    @Test("the http section becomes each worker's HTTPServerConfiguration")
    func httpLimits() async throws {
        let text = """
            http:
              max-request-line: 4k
              max-header-bytes: 32KiB
              max-header-count: 50
              max-body-size: 10m
              max-chunk-extension: 128
              max-discarded-body: 1k
              header-timeout: 5
              body-timeout: 7.5
              idle-timeout: 90
              drain-idle-grace: 0.25
              timer-resolution: 0.02
              idle-park-delay: 0.5
            readiness-path: /healthz
            liveness-path: ""
            graceful-timeout: 12
            """
        let options = try await load(text).loaded.serveConfiguration().workerOptions
        let expected = HTTPServerConfiguration(
            parserLimits: HTTPParserLimits(maxRequestLineLength: 4096, maxHeaderBytes: 32768, maxHeaderCount: 50,
                                           maxBodySize: 10 << 20, maxChunkExtensionLength: 128),
            headerTimeout: .seconds(5), bodyTimeout: .milliseconds(7500), idleTimeout: .seconds(90),
            drainIdleGrace: .milliseconds(250), maxDiscardedBodyBytes: 1024, timerResolution: .milliseconds(20),
            readinessPath: "/healthz", livenessPath: nil, idleParkDelay: .milliseconds(500))
        #expect(options.http == expected)
        #expect(options.gracefulTimeout == .seconds(12))
    }

    @Test("per-application and per-scope timeouts are applied to the applications a worker is given")
    func scopeTimeouts() async throws {
        let text = """
            applications:
              myapp-a:
                graceful-timeout: 20
                forced-timeout: 4
                scopes:
                  handlers: {graceful-timeout: 5, forced-timeout: 1}
                  background: {forced-timeout: 0.5}
            """
        let options = try await load(text).loaded.serveConfiguration().workerOptions
        let codeDefaults = ScopeOptions(gracefulTimeout: .seconds(30), forcedTimeout: .seconds(10), childShutdownOrder: .concurrent)
        let applications = try options.applications.applied(to: [
            Application(name: "myapp-a", scopeOptions: codeDefaults),
            Application(name: "myapp-b", scopeOptions: codeDefaults),
        ])
        let a = applications[0]
        #expect(a.scopeOptions == ScopeOptions(gracefulTimeout: .seconds(20), forcedTimeout: .seconds(4), childShutdownOrder: .concurrent))
        #expect(a.scopeOptions(forChild: "handlers").gracefulTimeout == .seconds(5))
        #expect(a.scopeOptions(forChild: "handlers").forcedTimeout == .seconds(1))
        #expect(a.scopeOptions(forChild: "timers") == a.scopeOptions, "an unset child follows the application's settings")
        #expect(a.scopeOptions(forChild: "background").gracefulTimeout == .seconds(20))
        #expect(a.scopeOptions(forChild: "background").forcedTimeout == .milliseconds(500))
        #expect(applications[1].scopeOptions == codeDefaults, "an application the file does not name keeps its own")
        #expect(applications[1].scopeOptions(forChild: "handlers") == codeDefaults)
    }

    @Test("a worker given an application name that none of its applications has refuses to start")
    func unknownApplicationInWorker() async throws {
        let options = try await load("applications: {ghost: {graceful-timeout: 1}}\n").loaded.serveConfiguration().workerOptions
        #expect(throws: ConfigurationError.self) { try options.applications.applied(to: [Application(name: "hello")]) }
    }

    @Test("a reload keeps the sockets and the pid file, and says so")
    func reloadPolicy() async throws {
        let running = try await load("bind: 127.0.0.1:8001\npid-file: /tmp/a.pid\nworkers: 2\n").loaded.serveConfiguration()
        let reloaded = try await load("bind: 127.0.0.1:8002\npid-file: /tmp/b.pid\nworkers: 3\nshared-socket: true\n").loaded.serveConfiguration()
        let warnings = ConfigurationReloadPolicy.warnings(running: running, reloaded: reloaded)
        #expect(warnings.count == 3)
        #expect(warnings.contains { $0.contains("bind/host/port changed") && $0.contains("127.0.0.1:8002") })
        #expect(warnings.contains { $0.contains("pid-file changed") })
        let kept = ConfigurationReloadPolicy.keepingRestartOnlySettings(of: running, in: reloaded)
        #expect(kept.binds == running.binds)
        #expect(kept.pidFile == "/tmp/a.pid")
        #expect(kept.listenerLayout == .socketPerSlot)
        #expect(kept.workers == 3)
    }

    @Test("a reload keeps the control socket, the admin listener and the logging, and says so")
    func reloadKeepsMasterServices() async throws {
        let running = try await load("control-socket: /tmp/a.sock\nadmin-bind: 127.0.0.1:9001\nlog-format: text\ndrain-delay: 1\n")
            .loaded.serveConfiguration()
        let reloaded = try await load("control-socket: /tmp/b.sock\nadmin-bind: 127.0.0.1:9002\nlog-format: json\ndrain-delay: 2\n")
            .loaded.serveConfiguration()
        let warnings = ConfigurationReloadPolicy.warnings(running: running, reloaded: reloaded)
        #expect(warnings.contains { $0.contains("control-socket changed") })
        #expect(warnings.contains { $0.contains("admin-bind changed") })
        #expect(warnings.contains { $0.contains("log-format") })
        let kept = ConfigurationReloadPolicy.keepingRestartOnlySettings(of: running, in: reloaded)
        #expect(kept.controlSocket == "/tmp/a.sock")
        #expect(kept.adminBind == running.adminBind)
        #expect(kept.logging.format == .text)
        #expect(kept.drainDelay == .seconds(2))
    }

    @Test("sizes: plain bytes and k/m/g suffixes; anything else is refused")
    func byteCounts() async {
        #expect(ByteCount(argument: "1048576")?.bytes == 1 << 20)
        #expect(ByteCount(argument: "64k")?.bytes == 64 << 10)
        #expect(ByteCount(argument: "1M")?.bytes == 1 << 20)
        #expect(ByteCount(argument: "2GiB")?.bytes == 2 << 30)
        #expect(ByteCount(argument: "16KB")?.bytes == 16 << 10)
        for bad in ["", "k", "-1", "1.5m", "12x", "99999999999999999999g"] {
            #expect(ByteCount(argument: bad) == nil, "\(bad)")
        }
        #expect(ByteCount(1 << 20).description == "1m")
        #expect(ByteCount(1000).description == "1000")
    }
}

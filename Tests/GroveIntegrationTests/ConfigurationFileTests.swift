import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `grove check-config` and `grove serve --config` against the real binary.
@Suite("grove: configuration file")
struct ConfigurationFileTests {
    /// `deploy/grove.yaml` in this checkout.
    static var exampleConfiguration: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/GroveIntegrationTests/<this file>
        return parts.joined(separator: "/") + "/deploy/grove.yaml"
    }

    /// Runs `grove check-config ARGUMENTS` with `environment`; returns its exit code and output.
    func checkConfig(_ arguments: [String], environment: [String] = []) async throws -> (Int32, String) {
        var options = SpawnOptions()
        options.captureStderr = true
        options.environment = ChildProcess.currentEnvironment.filter { !$0.hasPrefix("GROVE_") } + environment
        let process = try ChildProcess(GroveProcess.executable, ["check-config"] + arguments, options: options)
        // Killed (if it still runs) and its output reader joined on every path, a timeout too.
        defer { process.kill() }
        let code = try await pollUntil("check-config to exit", timeout: .seconds(20)) { process.exitCode() }
        process.kill()  // it exited: this only joins the reader, so the output below is complete
        return (code, process.output.joined(separator: "\n"))
    }

    @Test("check-config deploy/grove.yaml: exit 0, the effective configuration with the environment applied")
    func checkExample() async throws {
        let (code, output) = try await checkConfig([Self.exampleConfiguration], environment: ["GROVE_WORKERS=7"])
        #expect(code == 0, "\(output)")
        #expect(output.contains("workers: 7  # environment GROVE_WORKERS"), "\(output)")
        #expect(output.contains("http-max-body-size: 1m  # \(Self.exampleConfiguration)"), "\(output)")
        #expect(output.contains("  myapp-a:  # \(Self.exampleConfiguration)"), "\(output)")
        #expect(output.contains("# resolved: 7 worker(s)"), "\(output)")
    }

    @Test("check-config on bad files: non-zero, the message names the file, the line and the key")
    func checkBadFiles() async throws {
        let cases: [(String, String)] = [
            ("workers: 2\nworkres: 3\n", ":2: key 'workres': unknown key; did you mean 'workers'?"),
            ("workers: two\n", ":1: key 'workers': expected an integer, got 'two'"),
            ("http:\n  idle-timeout: -5\n", ":2: key 'http.idle-timeout': must be a number of seconds above 0"),
            ("applications:\n  myapp-z: {graceful-timeout: 1}\n", ":2: key 'applications.myapp-z': no mounted application is named 'myapp-z'"),
        ]
        for (text, expected) in cases {
            let path = try temporaryConfigFile()
            defer { unlink(path) }
            try writeFile(path, text)
            let (code, output) = try await checkConfig([path])
            #expect(code != 0, "\(text)")
            #expect(output.contains(path + expected), "\(output)")
        }
    }

    @Test("serve --config: SIGHUP with a broken file keeps serving and names the key; a good one (2 → 3 workers, new limits) takes effect")
    func reloadFromTheFile() async throws {
        await GroveLimiter.shared.acquire()
        let path = try temporaryConfigFile()
        defer { unlink(path) }
        let port: Int
        let grove: GroveProcess
        do {
            port = try HTTPProbe.freePort()
            try writeFile(path, "workers: 2\nbind: [127.0.0.1:\(port)]\ngraceful-timeout: 1\nhttp: {max-request-line: 1k}\n")
            grove = try GroveProcess(serve: ["--config", path], limiter: GroveLimiter.shared)
        } catch {
            GroveLimiter.shared.release()
            throw error
        }
        defer { grove.terminate() }
        try await grove.waitForLine(containing: "ready: running", timeout: .seconds(20))
        let first = try await waitForWorkers(grove, count: 2)
        let longPath = "/" + String(repeating: "x", count: 200)
        #expect(try await HTTPProbe.fetch(port: port, longPath).status == 404)

        try writeFile(path, "workers: 3\nbind: [127.0.0.1:\(port)]\nhttp:\n  max-request-line: tiny\n")
        grove.send(SIGHUP)
        let refusal = try await grove.waitForLine(containing: "reload refused")
        #expect(refusal.contains(path) && refusal.contains("key 'http.max-request-line'") && refusal.contains("line 4"), "\(refusal)")
        #expect(grove.workers.sorted() == first.sorted())
        try await expectServing(port: port, requests: 3)

        try writeFile(path, "workers: 3\nbind: [127.0.0.1:\(port)]\ngraceful-timeout: 1\nhttp: {max-request-line: 64}\n")
        grove.send(SIGHUP)
        try await grove.waitForLine(containing: "generation 2 ready on every slot", timeout: .seconds(20))
        try await waitForWorkers(grove, count: 3, excluding: first, timeout: .seconds(20))
        try await expectServing(port: port, requests: 6)
        for _ in 0..<3 {
            #expect(try await HTTPProbe.fetch(port: port, longPath).status == 414)
        }
        #expect(grove.exitCode() == nil)
    }
}

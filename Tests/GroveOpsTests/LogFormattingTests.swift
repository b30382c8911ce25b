import Foundation
import GroveHTTP
import Logging
import Testing
@testable import Grove

@Suite("log and access-log lines")
struct LogFormattingTests {
    static func parse(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one event must stay one line")
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("a JSON log line parses, with time, level, label, message, pid, worker and nested metadata")
    func jsonLogLine() throws {
        let line = GroveLogHandler.line(
            format: .json, time: "2026-11-22T06:23:38.123Z", level: .warning, label: "grove.worker",
            message: "quote \" backslash \\ newline \n tab \t bell \u{7}", metadata: ["pid": "41", "nested": ["a": ["1", "2"]]],
            pid: 41, worker: (slot: 3, generation: 2)
        )
        let object = try Self.parse(line)
        #expect(object["time"] as? String == "2026-11-22T06:23:38.123Z")
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "grove.worker")
        #expect(object["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{7}")
        #expect(object["pid"] as? Int == 41)
        #expect(object["worker"] as? Int == 3)
        #expect(object["generation"] as? Int == 2)
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect((metadata["nested"] as? [String: [String]])?["a"] == ["1", "2"])
    }

    @Test("the master's JSON lines have no worker field")
    func jsonMasterLine() throws {
        let line = GroveLogHandler.line(format: .json, time: "t", level: .notice, label: "grove.master", message: "m",
                                        metadata: [:], pid: 7, worker: nil)
        let object = try Self.parse(line)
        #expect(object["worker"] == nil && object["metadata"] == nil)
    }

    @Test("a text line carries time, level, label, process and sorted metadata")
    func textLine() {
        let line = GroveLogHandler.line(format: .text, time: "2026-11-22T06:23:38.123Z", level: .info, label: "grove.worker",
                                        message: "hello", metadata: ["b": "2", "a": "1"], pid: 9, worker: (0, 1))
        #expect(line == "2026-11-22T06:23:38.123Z info grove.worker[9 worker 0/1]: hello a=1 b=2\n")
        let master = GroveLogHandler.line(format: .text, time: "t", level: .notice, label: "grove.master",
                                          message: "report\n  row", metadata: [:], pid: 8, worker: nil)
        #expect(master == "t notice grove.master[8]: report\n  row\n")
    }

    @Test("timestamps are RFC 3339 UTC with milliseconds")
    func timestamp() {
        #expect(LogTimestamp.format(seconds: 0, nanoseconds: 5_000_000) == "1970-01-01T00:00:00.005Z")
        #expect(LogTimestamp.format(seconds: 1_700_000_000, nanoseconds: 999_999_999) == "2023-11-14T22:13:20.999Z")
    }

    static let entry = AccessLogEntry(remoteAddress: "127.0.0.1:5000", method: "GET", target: "/a?b=\"c\"", version: "HTTP/1.1",
                                      status: 200, responseBytes: 12, durationNanoseconds: 1_234_567, application: "hello",
                                      userAgent: "curl/8", referer: nil)

    @Test("access log, text: the combined format plus duration and application")
    func accessText() {
        let line = AccessLogLine.format(Self.entry, format: .text, seconds: 1_700_000_000, nanoseconds: 0, pid: 5, worker: 1)
        #expect(line == "127.0.0.1:5000 - - [14/Nov/2023:22:13:20 +0000] \"GET /a?b=\\\"c\\\" HTTP/1.1\" 200 12 \"-\" \"curl/8\" 0.001234 hello\n")
    }

    @Test("access log, JSON: one parseable object per request")
    func accessJSON() throws {
        let line = AccessLogLine.format(Self.entry, format: .json, seconds: 1_700_000_000, nanoseconds: 0, pid: 5, worker: 1)
        let object = try Self.parse(line)
        #expect(object["target"] as? String == "/a?b=\"c\"")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == 12)
        #expect(object["application"] as? String == "hello")
        #expect(object["worker"] as? Int == 1)
        #expect(abs((object["duration_ms"] as? Double ?? 0) - 1.234567) < 1e-9)
        #expect(object["referer"] == nil)
    }
}

@Suite("log destination")
struct LogDestinationTests {
    @Test("reopen after a rename: old lines stay in the renamed file, new lines go to a new file")
    func reopenAfterRename() throws {
        let path = "/tmp/grove-ops-test-\(getpid())-\(Int.random(in: 0..<1_000_000)).log"
        defer { unlink(path); unlink(path + ".1") }
        let destination = try LogDestination(path: path)
        destination.write(Array("before\n".utf8))
        #expect(rename(path, path + ".1") == 0)
        destination.write(Array("still old\n".utf8))
        try destination.reopen()
        destination.write(Array("after\n".utf8))
        #expect(try String(contentsOfFile: path + ".1", encoding: .utf8) == "before\nstill old\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "after\n")
    }

    @Test("an unopenable log file is a clear error naming it")
    func unopenable() {
        #expect(throws: LogFileError.self) { try LogDestination(path: "/nonexistent-dir/grove.log") }
        let error = LogFileError(path: "/x/y.log", reason: "No such file or directory")
        #expect(error.description == "cannot open log file /x/y.log: No such file or directory")
    }
}

@Suite("serve options: probes, drain delay, logs")
struct OperationsOptionsTests {
    @Test("defaults: /ready, /live, no drain delay, text to stderr at info")
    func defaults() throws {
        let configuration = try ServeOptions.parse([]).configuration()
        #expect(configuration.readinessPath == "/ready" && configuration.livenessPath == "/live")
        #expect(configuration.drainDelay == .zero)
        #expect(configuration.logging == LoggingConfiguration())
        #expect(configuration.workerOptions.http.readinessPath == "/ready")
    }

    @Test("options reach the worker's options")
    func passedThrough() throws {
        let options = try ServeOptions.parse(["--readiness-path", "", "--liveness-path", "/healthz", "--drain-delay", "2.5",
                                              "--log-format", "json", "--log-level", "debug", "--access-log", "-"])
        let worker = try options.configuration().workerOptions
        #expect(worker.http.readinessPath == nil)
        #expect(worker.http.livenessPath == "/healthz")
        #expect(worker.drainDelay == .milliseconds(2500))
        #expect(worker.accessLogPath == "-" && worker.accessLogFormat == .json)
        #expect(try options.configuration().logging.level == .debug)
    }

    @Test("a drain delay not shorter than the graceful timeout is refused, naming both options")
    func drainDelayValidated() {
        #expect(throws: (any Error).self) { try ServeOptions.parse(["--drain-delay", "30"]) }
        #expect(throws: (any Error).self) { try ServeOptions.parse(["--drain-delay", "-1"]) }
        #expect(throws: (any Error).self) { try ServeOptions.parse(["--readiness-path", "ready"]) }
        #expect(throws: (any Error).self) { try ServeOptions.parse(["--log-format", "xml"]) }
        let message = ServeOptions.message(for: ValidationProbe.error(["--drain-delay", "5", "--graceful-timeout", "5"]))
        #expect(message.contains("--drain-delay") && message.contains("--graceful-timeout"))
    }
}

enum ValidationProbe {
    /// The error `ServeOptions.parse` throws for `arguments`.
    static func error(_ arguments: [String]) -> any Error {
        do {
            _ = try ServeOptions.parse(arguments)
            return CancellationError()
        } catch {
            return error
        }
    }
}

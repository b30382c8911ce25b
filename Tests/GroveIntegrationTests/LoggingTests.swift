import Foundation
import GroveTestSupport
import Testing

/// `--log-format`, `--log-file`, `SIGUSR1` and `--access-log` against the real binary.
@Suite("grove serve: logs and the access log")
struct LoggingTests {
    @Test("--log-format json: every line from the master and the workers is one JSON object")
    func jsonLines() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--log-format", "json"])
        defer { grove.terminate() }
        try await expectServing(port: port, requests: 2)
        grove.send(SIGTERM)
        #expect(try await grove.waitForExit(timeout: .seconds(10)) == 0)
        let objects = try grove.lines.filter { !$0.isEmpty }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        #expect(objects.count >= 5)
        #expect(objects.allSatisfy { $0["time"] is String && $0["level"] is String && $0["label"] is String
            && $0["message"] is String && $0["pid"] is Int })
        #expect(objects.contains { $0["label"] as? String == "grove.master" && $0["worker"] == nil })
        let workerLines = objects.filter { $0["label"] as? String == "grove.worker" }
        #expect(!workerLines.isEmpty && workerLines.allSatisfy { $0["worker"] is Int && $0["generation"] as? Int == 1 })
    }

    @Test("--log-file and --access-log are reopened on SIGUSR1 by the master and every worker")
    func reopenAfterRotation() async throws {
        let base = "/tmp/grove-log-test-\(getpid())-\(Int.random(in: 0..<1_000_000_000))"
        let log = base + ".log"
        let access = base + ".access"
        defer { for path in [log, log + ".1", access, access + ".1"] { unlink(path) } }
        let (grove, port) = try await startGrove(workers: 2, ["--log-file", log, "--access-log", access], readyLine: nil)
        defer { grove.terminate() }
        try await Self.waitForFile(log, containing: "ready: running")
        for _ in 0..<3 { #expect(try await HTTPProbe.fetch(port: port, "/").status == 200) }
        try await Self.waitForFile(access, lines: 3)
        let served = try String(contentsOfFile: access, encoding: .utf8)
        #expect(served.split(separator: "\n").allSatisfy { $0.contains("\"GET / HTTP/1.1\" 200 13") && $0.hasSuffix(" hello") },
                "\(served)")
        // Rotate: move both files away, then ask for a reopen.
        #expect(rename(log, log + ".1") == 0 && rename(access, access + ".1") == 0)
        grove.send(SIGUSR1)
        // The master and both workers each reopen and say so in the new file.
        let reopened = try await Self.waitForFile(log, containing: "log file reopened", count: 3)
        #expect(reopened.contains("grove.master[\(grove.pid)]: log file reopened"), "\(reopened)")
        #expect(reopened.contains("worker 0/1]") && reopened.contains("worker 1/1]"), "\(reopened)")
        for _ in 0..<2 { #expect(try await HTTPProbe.fetch(port: port, "/live").status == 200) }
        let fresh = try await Self.waitForFile(access, lines: 2)
        #expect(fresh.split(separator: "\n").allSatisfy { $0.contains("GET /live") }, "\(fresh)")
        // Nothing new went to the rotated access log.
        #expect(try String(contentsOfFile: access + ".1", encoding: .utf8) == served)
        grove.send(SIGTERM)
        #expect(try await grove.waitForExit(timeout: .seconds(10)) == 0)
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("master stopped"))
        // Rotated logs keep their earlier lines; stderr got none of them.
        #expect(try String(contentsOfFile: log + ".1", encoding: .utf8).contains("master started"))
        #expect(!grove.lines.contains { $0.contains("master started") })
    }

    @Test("--access-log - writes JSON lines to standard output with --log-format json")
    func accessLogToStdout() async throws {
        let (grove, port) = try await startGrove(workers: 1, ["--access-log", "-", "--log-format", "json"])
        defer { grove.terminate() }
        #expect(try await HTTPProbe.fetch(port: port, "/nothing?x=1").status == 404)
        let line = try await grove.waitForLine(containing: "\"target\":\"/nothing?x=1\"")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["status"] as? Int == 404)
        #expect((object["remote"] as? String)?.hasPrefix("127.0.0.1:") == true)
        #expect(object["worker"] as? Int == 0)
    }

    @Test("an unopenable --log-file or --access-log: a clear error naming the file, no worker started")
    func unopenableFiles() async throws {
        for option in ["--log-file", "--access-log"] {
            let grove = try GroveProcess(serve: [option, "/nonexistent-grove-dir/x.log", "--bind", "127.0.0.1:1"])
            defer { grove.terminate() }
            #expect(try await grove.waitForExit(timeout: .seconds(10)) != 0)
            // The output is read by another thread: wait for it rather than race the exit.
            try await grove.waitForLine(containing: "cannot open log file /nonexistent-grove-dir/x.log", timeout: .seconds(5))
            #expect(!grove.lines.contains { $0.contains("spawned") })
        }
    }

    /// Waits (bounded) until `path` holds `count` lines containing `text`; returns the file.
    @discardableResult
    static func waitForFile(_ path: String, containing text: String, count: Int = 1,
                            timeout: Duration = .seconds(20)) async throws -> String {
        try await pollUntil("\(count) line(s) with '\(text)' in \(path)", timeout: timeout) { () -> String? in
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return contents.split(separator: "\n").filter { $0.contains(text) }.count >= count ? contents : nil
        }
    }

    /// Waits (bounded) until `path` holds at least `lines` lines; returns the file.
    @discardableResult
    static func waitForFile(_ path: String, lines: Int, timeout: Duration = .seconds(10)) async throws -> String {
        try await pollUntil("\(lines) line(s) in \(path)", timeout: timeout) { () -> String? in
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return contents.split(separator: "\n").count >= lines ? contents : nil
        }
    }
}

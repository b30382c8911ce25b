import GroveHTTP
import GroveLoop
import Synchronization
import TaskScopes
import Testing

@Suite("Readiness, liveness and the access log")
struct HealthProbeTests {
    static let probes = HTTPServerConfiguration(readinessPath: "/ready", livenessPath: "/live")

    @Test("readiness 200 while serving, 503 once readiness stops; other paths and liveness stay 200")
    func readinessTurnsUnavailable() async throws {
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.probes)
        let before = try await server.withClient { loop, port in try await Self.get(["/ready", "/live", "/"], loop: loop, port: port) }
        #expect(before.map(\.status) == [200, 200, 200])
        #expect(before.first?.bodyText == "ready\n")
        try await server.thread.submit { server.server.stopAnnouncingReadiness() }
        let after = try await server.withClient { loop, port in try await Self.get(["/ready", "/live", "/"], loop: loop, port: port) }
        #expect(after.map(\.status) == [503, 200, 200])
        #expect(after.first?.bodyText == "draining\n")
        // The probe answers do not close the keep-alive connection while the server serves.
        #expect(after.allSatisfy { !$0.closes })
        #expect(await server.stop().isClean)
    }

    @Test("a drain that starts without the stopper also turns readiness 503")
    func drainTurnsReadinessOff() async throws {
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.probes)
        let readyBefore = try await server.thread.submit { server.server.isAnnouncingReadiness }
        #expect(readyBefore)
        let shutdown = server.beginShutdown()
        _ = await shutdown.value
        let ready = try await server.thread.submit { server.server.isAnnouncingReadiness }
        #expect(!ready)
        server.thread.shutdown()
    }

    @Test("probes off: the paths are routed to the applications (404 here)")
    func probesOff() async throws {
        let server = try await TestServer(applications: [TestApplications.main()])
        let responses = try await server.withClient { loop, port in try await Self.get(["/ready", "/live"], loop: loop, port: port) }
        #expect(responses.map(\.status) == [404, 404])
        await server.stop()
    }

    @Test("the access log gets one entry per answered request, with status, bytes and application")
    func accessLogEntries() async throws {
        let recorder = RecordingAccessLog()
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.probes)
        try await server.thread.submit { server.server.setAccessLog(recorder) }
        let responses = try await server.withClient { loop, port in
            try await Self.get(["/", "/nothing-here", "/ready?x=1", "/stream"], loop: loop, port: port)
        }
        #expect(responses.map(\.status) == [200, 404, 200, 200])
        let entries = recorder.entries
        #expect(entries.map(\.target) == ["/", "/nothing-here", "/ready?x=1", "/stream"])
        #expect(entries.map(\.status) == [200, 404, 200, 200])
        #expect(entries.map(\.method) == ["GET", "GET", "GET", "GET"])
        #expect(entries[0].responseBytes == 5)
        #expect(entries[0].application == "main")
        #expect(entries[1].application == nil)
        #expect(entries[3].responseBytes == nil)
        #expect(entries.allSatisfy { $0.remoteAddress.hasPrefix("127.0.0.1:") && $0.version == "HTTP/1.1" })
        await server.stop()
    }

    @Test("an answer the server gives on its own (a malformed request's 400) is logged too, and observed")
    func serverAnswersAreLogged() async throws {
        let recorder = RecordingAccessLog()
        let observer = RecordingObserver()
        let server = try await TestServer(applications: [TestApplications.main()], configuration: Self.probes)
        try await server.thread.submit {
            server.server.setAccessLog(recorder)
            server.server.requestObserver = observer
        }
        let status = try await server.withClient { loop, port -> Int? in
            let client = try await TestClient.connect(loop: loop, port: port)
            defer { client.close() }
            try await client.send("GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            return try await client.response()?.status
        }
        #expect(status == 400)
        let entries = recorder.entries
        #expect(entries.map(\.status) == [400])
        #expect(entries.first?.method == "-")
        #expect(entries.first?.target == "-")
        #expect((entries.first?.responseBytes ?? 0) > 0)
        #expect(observer.statuses == [400])
        await server.stop()
    }

    /// GETs `paths` one after another on one keep-alive connection.
    static func get(_ paths: [String], loop: EventLoop, port: Int) async throws -> [RawResponse] {
        let client = try await TestClient.connect(loop: loop, port: port)
        defer { client.close() }
        var responses: [RawResponse] = []
        for path in paths {
            try await client.send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
            guard let response = try await client.response() else { break }
            responses.append(response)
        }
        return responses
    }
}

/// Keeps the status of every request the server reports to its observer.
final class RecordingObserver: RequestObserver {
    private let recorded = Mutex<[Int]>([])
    func requestFinished(application: ApplicationScopes?, status: Int, durationNanoseconds: UInt64) {
        recorded.withLock { $0.append(status) }
    }
    var statuses: [Int] { recorded.withLock { $0 } }
}

/// Keeps every access-log entry.
final class RecordingAccessLog: AccessLogRecorder {
    private let recorded = Mutex<[AccessLogEntry]>([])
    func record(_ entry: AccessLogEntry) { recorded.withLock { $0.append(entry) } }
    var entries: [AccessLogEntry] { recorded.withLock { $0 } }
}

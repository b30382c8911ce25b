import Foundation
import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--admin-bind`: the master's Prometheus endpoint, against the real binary.
@Suite("grove serve: metrics endpoint")
struct MetricsEndpointTests {
    /// The admin port the master logged.
    func adminPort(_ grove: GroveProcess) async throws -> Int {
        let line = try await grove.waitForLine(containing: "admin listener: http://127.0.0.1:")
        let tail = line[line.range(of: "http://127.0.0.1:")!.upperBound...]
        return try #require(Int(tail.prefix { $0.isNumber }))
    }

    func scrape(_ port: Int) async throws -> PrometheusText {
        let response = try await HTTPProbe.fetch(port: port, "/metrics")
        #expect(response.status == 200)
        return try PrometheusText(response.body)
    }

    @Test("/metrics parses and counts exactly the requests made, across a reload; other paths 404")
    func countsRequests() async throws {
        let (grove, port) = try await startGrove(workers: 2, ["--admin-bind", "127.0.0.1:0", "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let admin = try await adminPort(grove)
        for _ in 0..<7 { #expect(try await HTTPProbe.fetch(port: port, "/").status == 200) }
        #expect(try await HTTPProbe.fetch(port: port, "/no-such-app").status == 404)
        let metrics = try await eventually("8 requests in /metrics") { () -> PrometheusText? in
            let metrics = try await scrape(admin)
            return metrics.value("grove_http_requests_total") == 8 ? metrics : nil
        }
        #expect(metrics.types["grove_http_requests_total"] == "counter")
        #expect(metrics.value("grove_http_requests_total", ["app": "hello", "class": "2xx", "code": "200"]) == 7)
        #expect(metrics.value("grove_http_requests_total", ["code": "404"]) == 1)
        #expect(metrics.types["grove_http_request_duration_seconds"] == "histogram")
        #expect(metrics.value("grove_http_request_duration_seconds_count", ["app": "hello"]) == 7)
        #expect(metrics.value("grove_http_request_duration_seconds_bucket", ["app": "hello", "le": "+Inf"]) == 7)
        #expect(metrics.value("grove_workers", ["state": "ready"]) == 2)
        #expect(metrics.value("grove_worker_slots") == 2)
        #expect(metrics.value("grove_http_requests_in_flight") == 0)
        #expect(metrics.value("grove_worker_loop_lag_seconds") != nil)
        #expect(metrics.value("grove_scope_active_tasks", ["scope": "root/apps/myapp-a/timers"]) != nil)

        // A reload replaces every worker: their totals stay, the counters do not go backwards.
        let first = grove.workers
        grove.send(SIGHUP)
        try await grove.waitForLine(containing: "generation 2 ready on every slot")
        try await waitForWorkers(grove, count: 2, excluding: first)
        let after = try await eventually("the reload in /metrics") { () -> PrometheusText? in
            let metrics = try await scrape(admin)
            return metrics.value("grove_reloads_total", ["result": "success"]) == 1
                && metrics.value("grove_worker_restarts_total", ["reason": "clean_stop"]) == 2 ? metrics : nil
        }
        #expect(after.value("grove_http_requests_total") == 8)
        #expect(after.value("grove_http_request_duration_seconds_count", ["app": "hello"]) == 7)
        #expect(try await HTTPProbe.fetch(port: admin, "/other").status == 404)
    }

    @Test("a client that never finishes its request does not hold the master")
    func slowClient() async throws {
        let (grove, _) = try await startGrove(workers: 1, ["--admin-bind", "127.0.0.1:0"])
        defer { grove.terminate() }
        let admin = try await adminPort(grove)
        let silent = try SilentClient(port: admin, sending: "GET /metr")
        // Meanwhile, the master answers others at once.
        let started = ContinuousClock.now
        #expect(try await HTTPProbe.fetch(port: admin, "/metrics", timeout: .seconds(2)).status == 200)
        #expect(ContinuousClock.now - started < .seconds(2))
        // And the silent client gets a 400 and a closed connection after the request timeout.
        let answer = try await offPool { silent.readUntilClosed() }
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request"), "\(answer)")
        #expect(answer.contains("timed out waiting for the request"))
        #expect(grove.exitCode() == nil)
    }
}

/// A TCP client that sends part of a request and then only reads (bounded by 15 s).
final class SilentClient: @unchecked Sendable {
    private let fd: Int32

    init(port: Int, sending text: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
        var limit = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ProcessError("connect: errno \(errno)")
        }
        let bytes = Array(text.utf8)
        _ = write(fd, bytes, bytes.count)
    }

    deinit { close(fd) }

    /// Everything received until the peer closes (or the 15 s receive timeout).
    func readUntilClosed() -> String {
        GroveTestSupport.readUntilClosed(fd: fd)
    }
}

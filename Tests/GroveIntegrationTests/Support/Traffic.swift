import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Requests sent in a loop on a thread of its own until stopped, counting answers and failures.
/// Paced (a pause of ``pause`` between requests) so that the load does not starve the other
/// suites `swift test` runs at the same time.
final class Traffic: Sendable {
    private let stopped = Atomic(false)
    private let answered = Atomic(0)
    private let failures = Mutex<[String]>([])
    /// Microseconds between two requests of one loop.
    private let pause: useconds_t = 2000

    /// Requests answered with 200.
    var answeredCount: Int { answered.load(ordering: .relaxed) }
    /// What went wrong, one entry per failed request.
    var failureList: [String] { failures.withLock { $0 } }

    /// Ends the loops.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Runs a fresh-connection loop and a keep-alive loop against `port` while `body` runs (plus
    /// `settle` before and after it); returns what they saw.
    static func during(port: Int, settle: Duration = .milliseconds(250),
                       _ body: () async throws -> Void) async throws -> Traffic {
        let traffic = Traffic()
        async let fresh: Void = traffic.freshConnections(port: port)
        async let kept: Void = traffic.keepAlive(port: port)
        do {
            try await Task.sleep(for: settle)
            try await body()
            try await Task.sleep(for: settle)
        } catch {
            traffic.stop()
            _ = try? await (fresh, kept)
            throw error
        }
        traffic.stop()
        _ = try await (fresh, kept)
        return traffic
    }

    /// One `GET /` per fresh connection, until stopped.
    func freshConnections(port: Int) async throws {
        try await offPool {
            while !self.stopped.load(ordering: .relaxed) {
                self.record { try HTTPProbe.get(port: port, "/") }
                usleep(self.pause)
            }
        }
    }

    /// `GET /` back to back on a keep-alive connection, reconnecting only when the server said
    /// `Connection: close` (a draining worker does), until stopped.
    func keepAlive(port: Int) async throws {
        try await offPool {
            var probe: HTTPProbe?
            while !self.stopped.load(ordering: .relaxed) {
                self.record {
                    let connection = try probe ?? HTTPProbe(port: port)
                    probe = connection
                    try connection.sendGet("/")
                    let response = try connection.readResponse()
                    if response.headers["connection"]?.lowercased() == "close" { probe = nil }
                    return response
                }
                usleep(self.pause)
            }
        }
    }

    private func record(_ request: () throws -> HTTPResponse) {
        do {
            let response = try request()
            if response.status == 200 {
                answered.add(1, ordering: .relaxed)
            } else {
                failures.withLock { $0.append("status \(response.status)") }
            }
        } catch {
            failures.withLock { $0.append("\(error)") }
        }
    }
}

import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The hostile-request corpus sent over real sockets to a running `grove serve`.
@Suite("grove serve: hostile requests over sockets")
struct HostileRequestTests {
    /// The bytes actually sent: requests with a body go to `POST /lab/echo`, which reads the
    /// body, so a malformed body is found by the server (not skipped after a 404).
    static func wireBytes(_ sample: MalformedSample) -> [UInt8] {
        let post = Array("POST / HTTP/1.".utf8)
        guard sample.bytes.starts(with: post) else { return sample.bytes }
        return Array("POST /lab/echo HTTP/1.".utf8) + sample.bytes.dropFirst(post.count)
    }

    /// Sends one sample on its own connection; returns what went wrong, or nil.
    static func check(_ sample: MalformedSample, port: Int) -> String? {
        let connection: RawConnection
        do {
            connection = try RawConnection(port: port, timeout: .seconds(5))
        } catch {
            return "\(sample.name): \(error)"
        }
        connection.send(wireBytes(sample))
        let closed = connection.readUntilClosed()
        guard let status = connection.firstStatus else {
            return "\(sample.name): no response (\(connection.received.count) bytes, closed: \(closed))"
        }
        if status != sample.status { return "\(sample.name): status \(status), expected \(sample.status)" }
        if !closed { return "\(sample.name): the connection stayed open after \(status)" }
        return nil
    }

    @Test("every hostile request gets its 4xx/5xx and a closed connection; no worker dies; normal clients are served meanwhile")
    func corpusOverSockets() async throws {
        let corpus = HostileRequestCorpus.all
        try #require(corpus.count >= 100)
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "1"])
        defer { grove.terminate() }
        let workersBefore = grove.workers
        try #require(workersBefore.count == 2)
        let problems = Locked<[String]>([])
        let traffic = try await Traffic.during(port: port) {
            try await offPool {
                for (index, sample) in corpus.enumerated() {
                    if let problem = Self.check(sample, port: port) { problems.withLock { $0.append(problem) } }
                    // A normal client between the hostile ones, on a connection of its own.
                    if index % 10 == 0 {
                        let status = (try? HTTPProbe.get(port: port, "/"))?.status
                        if status != 200 { problems.withLock { $0.append("normal request after \(sample.name): \(String(describing: status))") } }
                    }
                }
            }
        }
        let found = problems.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) of \(corpus.count) samples went wrong:\n\(found.joined(separator: "\n"))")
        #expect(traffic.failureList.isEmpty, "normal clients: \(traffic.failureList)")
        #expect(traffic.answeredCount > 0)
        #expect(grove.workers == workersBefore, "workers changed: \(grove.transcript)")
        let deaths = grove.lines.filter { $0.contains("exited") || $0.contains("killed by") }
        #expect(deaths.isEmpty, "\(grove.transcript)")
    }
}

import GroveTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Many slow clients against the real binary: they must not starve normal clients, and the
/// header timeout (10 s by default) must answer the trickled heads with 408 and close them.
@Suite("grove serve: slowloris")
struct SlowlorisTests {
    static let headTricklers = 500
    static let bodyTricklers = 500
    /// One byte per connection per tick.
    static let tick: useconds_t = 500_000
    /// The server's default header timeout, plus the deadline ticker's resolution and a margin.
    static let headerTimeoutBound: Duration = .seconds(14)

    @Test("1,000 slowloris connections (heads and bodies trickled): normal clients are served; trickled heads get 408 and are closed")
    func slowClientsDoNotStarveNormalOnes() async throws {
        #expect(raiseOpenFileLimit() >= Self.headTricklers + Self.bodyTricklers + 200)
        let (grove, port) = try await startGrove(workers: 2, ["--graceful-timeout", "1"])
        defer { grove.terminate() }
        let workersBefore = grove.workers

        let heads = try await offPool { try (0..<Self.headTricklers).map { _ in try RawConnection(port: port) } }
        let bodies = try await offPool { try (0..<Self.bodyTricklers).map { _ in try RawConnection(port: port) } }
        let start = ContinuousClock.now
        for connection in heads { connection.send(Array("GET /lab/sleep?ms=1 HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8)) }
        for connection in bodies {
            connection.send(Array("POST /lab/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".utf8))
        }

        let done = Atomic(false)
        let normal = Locked<(served: Int, failures: [String], slowest: Double)>((0, [], 0))
        async let normalClients: Void = offPool {
            while !done.load(ordering: .relaxed) {
                let began = ContinuousClock.now
                do {
                    let status = try HTTPProbe.get(port: port, "/", timeout: .seconds(3)).status
                    let took = milliseconds(since: began)
                    normal.withLock { state in
                        if status == 200 { state.served += 1 } else { state.failures.append("status \(status)") }
                        state.slowest = max(state.slowest, took)
                    }
                } catch {
                    normal.withLock { $0.failures.append("\(error)") }
                }
                usleep(50_000)
            }
        }
        // Trickle one byte per connection per tick until every trickled head was closed (or the
        // bound passed).
        let headsClosedAt: Duration? = try await offPool {
            defer { done.store(true, ordering: .relaxed) }
            while ContinuousClock.now - start < Self.headerTimeoutBound {
                usleep(Self.tick)
                for connection in heads where !connection.closedByServer {
                    connection.send([UInt8(ascii: "a")])
                    connection.readAvailable()
                }
                for connection in bodies where !connection.closedByServer {
                    connection.send([UInt8(ascii: "b")])
                    connection.readAvailable()
                }
                if heads.allSatisfy(\.closedByServer) { return ContinuousClock.now - start }
            }
            return nil
        }
        try await normalClients

        let result = normal.withLock { $0 }
        print("slowloris: \(result.served) normal requests served, slowest \(Int(result.slowest)) ms; trickled heads closed after \(String(describing: headsClosedAt))")
        #expect(result.failures.isEmpty, "normal clients: \(result.failures.prefix(10))")
        #expect(result.served >= 20, "normal requests served while 1,000 slow clients trickled")
        let closed = try #require(headsClosedAt, "trickled heads still open after \(Self.headerTimeoutBound)")
        #expect(closed >= .seconds(9), "closed by the 10 s header timeout, not earlier")
        let statuses = heads.map(\.firstStatus)
        #expect(statuses.allSatisfy { $0 == 408 }, "statuses: \(Set(statuses.map { String(describing: $0) }))")
        // The trickled bodies kept their connections the whole time (each read waited < 30 s).
        #expect(bodies.filter(\.closedByServer).isEmpty)
        #expect(grove.workers == workersBefore)
    }
}

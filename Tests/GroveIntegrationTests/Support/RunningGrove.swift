import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Starts `grove serve` on a free loopback port (once ``GroveLimiter/shared`` has a place) and
/// waits until every worker is ready; the caller must `terminate()` it in a `defer`.
func startGrove(workers: Int, _ extra: [String] = [], environment: [String] = [], readyLine: String? = "ready: running",
                timeout: Duration = .seconds(20)) async throws -> (GroveProcess, Int) {
    await GroveLimiter.shared.acquire()
    let port: Int
    let grove: GroveProcess
    do {
        port = try HTTPProbe.freePort()
        grove = try GroveProcess(serve: ["--workers", "\(workers)", "--bind", "127.0.0.1:\(port)"] + extra,
                                 limiter: GroveLimiter.shared, environment: environment)
    } catch {
        GroveLimiter.shared.release()
        throw error
    }
    do {
        if let readyLine { try await grove.waitForLine(containing: readyLine, timeout: timeout) }
    } catch {
        grove.terminate()
        throw ProcessError("\(error)\n\(grove.transcript)")
    }
    return (grove, port)
}

/// Milliseconds elapsed since `start`.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    milliseconds(between: start, and: .now)
}

/// Milliseconds from `start` to `end`.
func milliseconds(between start: ContinuousClock.Instant, and end: ContinuousClock.Instant) -> Double {
    let elapsed = end - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

/// Expects `requests` fresh `GET /` requests to be answered 200.
func expectServing(port: Int, requests: Int = 6, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    for _ in 0..<requests {
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200, sourceLocation: sourceLocation)
    }
}

/// Waits (bounded) until the master has exactly `count` workers, none of them in `excluded`.
@discardableResult
func waitForWorkers(_ grove: GroveProcess, count: Int, excluding excluded: [pid_t] = [],
                    timeout: Duration = .seconds(10)) async throws -> [pid_t] {
    try await pollUntil("\(count) worker(s) other than \(excluded)", timeout: timeout) { () -> [pid_t]? in
        let now = grove.workers
        return now.count == count && Set(now).isDisjoint(with: excluded) ? now : nil
    }
}

/// Writes a configuration file with a unique name under /tmp; returns its path.
func temporaryConfigFile() throws -> String {
    let path = "/tmp/grove-test-\(getpid())-\(Int.random(in: 0..<1_000_000_000)).conf"
    try writeFile(path, "# grove test configuration\n")
    return path
}

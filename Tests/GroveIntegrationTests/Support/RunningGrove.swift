/// Starts `grove serve` on a free loopback port and waits until every worker is ready; the
/// caller must `terminate()` it in a `defer`.
func startGrove(workers: Int, _ extra: [String] = [], timeout: Duration = .seconds(20)) async throws -> (GroveProcess, Int) {
    let port = try HTTPProbe.freePort()
    let grove = try GroveProcess(serve: ["--workers", "\(workers)", "--bind", "127.0.0.1:\(port)"] + extra)
    do {
        try await grove.waitForLine(containing: "ready: running", timeout: timeout)
    } catch {
        grove.terminate()
        throw ProcessError("\(error)\n\(grove.transcript)")
    }
    return (grove, port)
}

/// Milliseconds elapsed since `start`.
func milliseconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

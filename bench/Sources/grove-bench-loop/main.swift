// grove-bench-loop: figures for the runtime, printed as `RESULT <key> <value>` lines.
//
//   spawn_await_ns          spawn + await of one child task on the loop executor
//   spawn_await_global_ns   the same on Swift's default global executor, same run
//   spawn_await_vs_global   the ratio of the two (lower is better for the loop)
//   echo_roundtrips_per_s   64-byte request/response round trips per second over loopback
//                           TCP, 32 connections, client and server on two loop threads
import GroveLoop
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

let spawnIterations = 1_000_000
let echoConnections = 32
let echoSeconds = 3.0

@inline(never)
func trivialChild() async -> Int { 1 }

/// Spawns and awaits `iterations` child tasks one after another; nanoseconds per iteration.
func measureSpawnAwait(iterations: Int) async -> Double {
    let clock = ContinuousClock()
    var total = 0
    let elapsed = await clock.measure {
        for _ in 0..<iterations {
            async let child = trivialChild()
            total &+= await child
        }
    }
    precondition(total == iterations)
    return Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func spawnFigures() async throws -> (loop: Double, global: Double) {
    let thread = try LoopThread(name: "bench-loop")
    defer { thread.shutdown() }
    var onLoop: [Double] = []
    var onGlobal: [Double] = []
    for _ in 0..<5 {
        onLoop.append(try await thread.submit { await measureSpawnAwait(iterations: spawnIterations) } / Double(spawnIterations))
        onGlobal.append(await Task.detached { await measureSpawnAwait(iterations: spawnIterations) }.value / Double(spawnIterations))
    }
    return (median(onLoop), median(onGlobal))
}

func echoFigure() async throws -> Double {
    let server = try LoopThread(name: "bench-echo-server")
    let client = try LoopThread(name: "bench-echo-client")
    defer {
        client.shutdown()
        server.shutdown()
    }
    let listener = try await server.submit { try TCPListener(loop: server.loop, host: "127.0.0.1", port: 0) }
    let port = listener.localAddress.port!
    let serving = Task(executorPreference: server.loop.executor) {
        await listener.serve { connection in
            defer { connection.close() }
            try? connection.setNoDelay()
            while let bytes = try? await connection.read() {
                do { try await connection.write(bytes) } catch { return }
            }
        }
    }
    let roundTrips = try await client.submit { () -> Int in
        let loop = client.loop
        let deadline = loop.clock.now.advanced(by: .milliseconds(Int64(echoSeconds * 1000)))
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<echoConnections {
                group.addTask {
                    let connection = try await TCPConnection.connect(loop: loop, host: "127.0.0.1", port: port)
                    defer { connection.close() }
                    try connection.setNoDelay()
                    let message = [UInt8](repeating: 120, count: 64)
                    var count = 0
                    while loop.clock.now < deadline {
                        try await connection.write(message)
                        var received = 0
                        while received < message.count {
                            guard try await connection.readMore() else { return count }
                            received += connection.readableBytes
                            connection.consume(connection.readableBytes)
                        }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
    }
    try await server.submit { listener.close() }
    serving.cancel()
    await serving.value
    return Double(roundTrips) / echoSeconds
}

/// `value` with `digits` decimals (no Foundation).
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale), fraction = abs(scaled % Int(scale))
    let padded = String(fraction).count < digits ? String(repeating: "0", count: digits - String(fraction).count) + String(fraction) : String(fraction)
    return digits == 0 ? String(whole) : "\(whole).\(padded)"
}

let spawn = try await spawnFigures()
let echo = try await echoFigure()
print("RESULT spawn_await_ns \(fixed(spawn.loop, 1))")
print("RESULT spawn_await_global_ns \(fixed(spawn.global, 1))")
print("RESULT spawn_await_vs_global \(fixed(spawn.loop / spawn.global, 3))")
print("RESULT echo_roundtrips_per_s \(Int(echo))")

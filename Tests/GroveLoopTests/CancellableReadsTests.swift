@testable import GroveLoop
import Synchronization
import Testing

@Suite("Reads under one cancellation handler, writes without waiting")
struct CancellableReadsTests {
    @Test("cancelling the task ends a pending readMoreWithoutHandler, and every later read, as cancelled")
    func cancelPendingAndLaterReads() async throws {
        let (pendingCancelled, laterCancelled) = try await within(.seconds(10), "cancellable reads") {
            try await withLoop { loop -> (Bool, Bool) in
                try await withConnectedPair(loop) { _, server in
                    let later = Recorder()
                    let reader = taskExpectingLoopError(on: loop, \.isCancellation) {
                        try await server.withCancellableReads {
                            do {
                                _ = try await server.readMoreWithoutHandler()
                            } catch let error as LoopError {
                                do {
                                    _ = try await server.readMoreWithoutHandler()
                                } catch let again as LoopError {
                                    later.set(again.isCancellation)
                                }
                                throw error
                            }
                        }
                    }
                    try await loop.clock.sleep(for: .milliseconds(5))
                    reader.cancel()
                    return (await reader.value, later.value)
                }
            }
        }
        #expect(pendingCancelled)
        #expect(laterCancelled)
    }

    @Test("a cancellation that reaches the loop late ends only its own scope's reads, not the next task's")
    func lateCancellationSparesTheNextScope() async throws {
        let (staleIgnored, currentCancels) = try await within(.seconds(10), "late cancellation") {
            try await withLoop { loop -> (Bool, Bool) in
                try await withConnectedPair(loop) { client, server in
                    // What withCancellableReads does on entry and what its handler does on the
                    // loop: the first scope's cancellation job runs after the second scope began.
                    let first = server.beginCancellableReads()
                    let second = server.beginCancellableReads()
                    server.cancelReads(epoch: first)
                    try await client.write("x")
                    let staleIgnored = try await server.readMoreWithoutHandler()
                    server.consume(server.readableBytes)
                    server.cancelReads(epoch: second)
                    var currentCancels = false
                    do {
                        _ = try await server.readMoreWithoutHandler()
                    } catch let error as LoopError {
                        currentCancels = error.isCancellation
                    }
                    return (staleIgnored, currentCancels)
                }
            }
        }
        #expect(staleIgnored)
        #expect(currentCancels)
    }

    @Test("readMoreWithoutHandler returns bytes as they arrive and false at EOF")
    func readsBytesThenEOF() async throws {
        let (text, eof) = try await within(.seconds(10), "reads without handler") {
            try await withLoop { loop -> (String, Bool) in
                try await withConnectedPair(loop) { client, server in
                    try await server.withCancellableReads {
                        try await client.write("hello")
                        var received = ""
                        while received.count < 5, try await server.readMoreWithoutHandler() {
                            received = server.withReadableBytes { String(decoding: $0, as: UTF8.self) }
                        }
                        server.consume(server.readableBytes)
                        try await client.shutdownWrite()
                        var more = true
                        while more { more = try await server.readMoreWithoutHandler() }
                        return (received, !more)
                    }
                }
            }
        }
        #expect(text == "hello")
        #expect(eof)
    }

    @Test("writeWithoutWaiting hands a small head and body to the kernel at once")
    func writeWithoutWaiting() async throws {
        let (queued, text) = try await within(.seconds(10), "write without waiting") {
            try await withLoop { loop -> (Bool, String) in
                try await withConnectedPair(loop) { client, server in
                    let pending = try client.writeWithoutWaiting(Array("head ".utf8), Array("body".utf8))
                    if let pending { try await client.finish(pending) }
                    var received = ""
                    while received.count < 9, let bytes = try await server.read() {
                        received += String(decoding: bytes, as: UTF8.self)
                    }
                    return (pending != nil, received)
                }
            }
        }
        #expect(!queued)
        #expect(text == "head body")
    }
}

/// A flag set from the reading task and read by the test afterwards.
private final class Recorder: Sendable {
    private let flag = Mutex(false)
    var value: Bool { flag.withLock { $0 } }
    func set(_ value: Bool) { flag.withLock { $0 = value } }
}

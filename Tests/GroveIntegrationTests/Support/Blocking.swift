#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking `body` (socket I/O bounded by its own timeouts) on a thread of its own, so the
/// tests never park the cooperative pool that the other suites of `swift test` share.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let job = BlockingJob { continuation.resume(with: Result { try body() }) }
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        // Small stacks: these threads only wait on sockets.
        pthread_attr_setstacksize(&attributes, 256 * 1024)
        let status = pthread_create(&thread, &attributes, { raw in
            Unmanaged<BlockingJob>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, Unmanaged.passRetained(job).toOpaque())
        if status == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged.passUnretained(job).release()
            continuation.resume(throwing: ProcessError("pthread_create: \(status)"))
        }
    }
}

private final class BlockingJob: @unchecked Sendable {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A bare pthread running a closure, for tests that need a thread of their own.
public final class PlainThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let finished = Atomic(false)
    private let joined = Atomic(false)
    private let body: @Sendable () -> Void

    /// Starts a thread running `body`.
    public init(_ body: @escaping @Sendable () -> Void) throws {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            let me = Unmanaged<PlainThread>.fromOpaque(raw!).takeRetainedValue()
            me.body()
            me.finished.store(true, ordering: .releasing)
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
    }

    /// True once `body` returned.
    public var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Waits for the thread to end. Only the first call joins (a pthread joined twice is
    /// undefined behaviour); later ones return at once.
    public func join() {
        guard joined.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        pthread_join(thread, nil)
    }
}

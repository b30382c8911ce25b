#if canImport(Glibc)
import Glibc
#endif

/// A mutex built on `pthread_mutex_t`, which ThreadSanitizer understands, with the shape of
/// `Synchronization.Mutex` (`Mutex(value)`, `withLock`, `withLockIfAvailable`).
///
/// Only `make sanitize` uses it: on Linux, `Synchronization.Mutex` locks and unlocks through
/// futex system calls when contended (`FUTEX_LOCK_PI`, `FUTEX_UNLOCK_PI`) in an uninstrumented
/// runtime shim, so ThreadSanitizer never sees that lock hand-off and reports every contended
/// `withLock` body as a data race (a four-thread counter behind one `Mutex` does). Built with
/// `-DGROVE_TSAN`, each module that uses `Mutex` shadows it with this type (a one-line
/// typealias in its `Mutex+ThreadSanitizer.swift`); every other build uses
/// `Synchronization.Mutex` and never references this module's type.
public final class SanitizerVisibleMutex<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// A mutex guarding `initialValue`.
    public init(_ initialValue: consuming sending Value) {
        value = initialValue
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    public func withLock<Result, E: Error>(_ body: (inout sending Value) throws(E) -> sending Result) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// Runs `body` with the value if the lock is free; nil otherwise.
    public func withLockIfAvailable<Result, E: Error>(_ body: (inout sending Value) throws(E) -> sending Result) throws(E) -> sending Result? {
        guard pthread_mutex_trylock(mutex) == 0 else { return nil }
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

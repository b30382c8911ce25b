import Synchronization

/// A value behind a lock that closures can capture (a `Mutex` itself cannot be captured).
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    /// A lock around `value`.
    public init(_ value: Value) { mutex = Mutex(value) }
    /// Runs `body` with the value, under the lock.
    public func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    /// The value, read under the lock.
    public var value: Value { mutex.withLock { $0 } }
}

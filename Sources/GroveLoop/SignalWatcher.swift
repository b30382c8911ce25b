import CLibUV

/// Calls back on the loop thread when the process receives a signal (`uv_signal`).
///
/// libuv's own signal handler only writes to a pipe the loop owns; the callback runs later as
/// an ordinary loop callback, so it may do anything. For tasks, see ``SignalStream``.
public final class SignalWatcher: @unchecked Sendable {
    /// The signal number watched.
    public let signal: Int32
    private let handle: UnsafeMutablePointer<uv_signal_t>
    private var callback: ((Int32) -> Void)?

    /// Starts calling `callback` whenever `signal` arrives. Call on the loop thread.
    public init(loop: EventLoop, signal: Int32, _ callback: @escaping (Int32) -> Void) throws(LoopError) {
        loop.preconditionInLoop("SignalWatcher.init")
        self.signal = signal
        self.callback = callback
        handle = UVHandle.allocate(uv_signal_t.self)
        try check(uv_signal_init(loop.raw, handle), "signal init")
        UVHandle.retain(self, in: handle)
        let status = uv_signal_start(handle, { handle, signum in
            UVHandle.owner(SignalWatcher.self, of: UVHandle.base(handle!)).callback?(signum)
        }, signal)
        if status < 0 {
            close()
            throw LoopError(code: status, operation: "signal start \(signal)")
        }
    }

    /// Whether the watcher keeps ``EventLoop/run()`` from returning (default true).
    public func keepsLoopAlive(_ keep: Bool) {
        keep ? uv_ref(UVHandle.base(handle)) : uv_unref(UVHandle.base(handle))
    }

    /// Stops watching; the process's previous disposition of the signal is restored when no
    /// other watcher wants it.
    public func close() {
        callback = nil
        UVHandle.closeHandle(handle)
    }
}

/// An `AsyncSequence` of the signals a process receives, backed by ``SignalWatcher``s.
///
/// ```swift
/// for await signal in try SignalStream(loop: loop, signals: [SIGTERM, SIGHUP]) { ... }
/// ```
/// The watchers stop when the iteration ends (the consuming task is cancelled or breaks out).
public struct SignalStream: AsyncSequence, Sendable {
    /// The element: a signal number.
    public typealias Element = Int32
    private let stream: AsyncStream<Int32>

    /// Starts watching `signals` on `loop`. Call on the loop thread.
    public init(loop: EventLoop, signals: [Int32]) throws(LoopError) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(64))
        var watchers: [SignalWatcher] = []
        do {
            for signal in signals {
                watchers.append(try SignalWatcher(loop: loop, signal: signal) { continuation.yield($0) })
            }
        } catch {
            watchers.forEach { $0.close() }
            throw error
        }
        let closeAll = UncheckedBox(watchers)
        continuation.onTermination = { _ in
            loop.executor.runOnLoop { closeAll.value.forEach { $0.close() } }
        }
        self.stream = stream
    }

    /// The iterator over received signals.
    public func makeAsyncIterator() -> AsyncStream<Int32>.Iterator { stream.makeAsyncIterator() }
}

/// Carries a value across a `@Sendable` boundary whose use is confined to the loop thread.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

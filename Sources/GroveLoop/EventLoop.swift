import CLibUV
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A libuv event loop bound to the thread that created it.
///
/// The loop owns a ``LoopExecutor``: tasks started with that executor as their preference
/// (``run(_:)`` does this for you) run every job on this thread, between I/O callbacks.
/// Every handle type of the runtime (listeners, connections, timers, signals) belongs to one
/// loop and must be used from its thread, i.e. from tasks that run on its executor.
///
/// ```swift
/// let loop = try EventLoop()
/// try loop.run {
///     let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
///     ...
/// }
/// ```
public final class EventLoop: @unchecked Sendable {
    /// The underlying `uv_loop_t`. Only the runtime touches it.
    let raw: UnsafeMutablePointer<uv_loop_t>
    /// The thread the loop was made on and runs on.
    let ownerThread: pthread_t
    /// The executor whose jobs run on this loop's thread.
    public private(set) var executor: LoopExecutor!
    /// The clock whose sleeps are `uv_timer`s of this loop.
    public var clock: LoopClock { LoopClock(loop: self) }
    private let state = Mutex(State.idle)
    /// The shared buffers connections read into (see ``ReadBufferPool``).
    let readBuffers = ReadBufferPool()
    /// `readBuffers`, unretained: connections take and give blocks around every read, and
    /// passing the pool as a reference would retain and release it each time.
    var readBufferPool: Unmanaged<ReadBufferPool> { .passUnretained(readBuffers) }

    private enum State { case idle, running, stopRequested, closed }

    /// ``iterationNanoseconds`` once read since the executor last forgot it; 0 until then. Loop
    /// thread only.
    @usableFromInline @exclusivity(unchecked) var iterationStamp: UInt64 = 0

    /// The version of libuv the runtime is linked with, e.g. `"1.44.2"`.
    public static var libuvVersion: String { String(cString: uv_version_string()) }

    /// Makes a loop on the current thread.
    public init() throws(LoopError) {
        raw = .allocate(capacity: 1)
        ownerThread = pthread_self()
        let status = uv_loop_init(raw)
        if status < 0 {
            raw.deallocate()
            throw LoopError(code: status, operation: "loop init")
        }
        raw.pointee.data = nil
        // libuv writes with write(2): a peer that reset its connection would otherwise kill the
        // process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        executor = try LoopExecutor(loop: self)
    }

    /// True when called on the loop's thread.
    @inline(__always)
    public var inLoopThread: Bool { pthread_equal(pthread_self(), ownerThread) != 0 }

    /// Traps with a clear message when called off the loop's thread.
    @inline(__always)
    func preconditionInLoop(_ what: @autoclosure () -> String = "", file: StaticString = #fileID, line: UInt = #line) {
        precondition(inLoopThread, "GroveLoop: \(what()) used off its event loop's thread", file: file, line: line)
    }

    /// Runs the loop on the current (creating) thread until ``stop()`` is called.
    public func run() {
        preconditionInLoop("EventLoop.run")
        let proceed = state.withLock { state -> Bool in
            switch state {
            case .idle: state = .running; return true
            case .stopRequested: state = .idle; return false
            case .running, .closed: return false
            }
        }
        guard proceed else { return }
        uv_run(raw, UV_RUN_DEFAULT)
        state.withLock { if $0 != .closed { $0 = .idle } }
    }

    /// Starts `main` as a task on this loop's executor, runs the loop until it returns, and
    /// rethrows its error.
    public func run<T: Sendable>(_ main: @escaping @Sendable () async throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        Task(executorPreference: executor) {
            let outcome: Result<T, any Error>
            do { outcome = .success(try await main()) } catch { outcome = .failure(error) }
            result.withLock { $0 = outcome }
            self.stop()
        }
        run()
        guard let outcome = result.withLock({ $0 }) else {
            throw LoopError.cancelled("loop stopped before its main task finished")
        }
        return try outcome.get()
    }

    /// Asks the loop to return from ``run()`` after the current iteration. Safe from any thread.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            switch state {
            case .running: state = .stopRequested; return true
            case .idle: state = .stopRequested; return false
            case .stopRequested, .closed: return false
            }
        }
        guard wasRunning else { return }
        executor.wake { loop in uv_stop(loop.raw) }
    }

    /// Closes every handle of the loop and frees it. Call on the loop's thread after ``run()``
    /// returned; the loop cannot be used afterwards.
    public func close() {
        preconditionInLoop("EventLoop.close")
        let alreadyClosed = state.withLock { state -> Bool in
            defer { state = .closed }
            return state == .closed
        }
        guard !alreadyClosed else { return }
        executor.shutdown()
        closeAllHandles()
        uv_run(raw, UV_RUN_DEFAULT)
        uv_loop_close(raw)
        raw.deallocate()
    }

    /// Calls `uv_close` on every handle that is not closing yet.
    func closeAllHandles() {
        uv_walk(raw, { handle, _ in
            guard let handle, uv_is_closing(handle) == 0 else { return }
            if handle.pointee.data != nil {
                UVHandle.closeHandle(handle)
            } else {
                uv_close(handle, nil)
            }
        }, nil)
    }

    /// Marks an inherited loop as dead after a fork: it must never run or close again.
    func markAbandoned() {
        state.withLock { $0 = .closed }
    }

    /// The loop's cached time in milliseconds (`uv_now`): updated once per loop iteration,
    /// so reading it costs nothing. Good for coarse deadlines (timeouts of seconds).
    public var cachedMilliseconds: UInt64 { uv_now(raw) }
}

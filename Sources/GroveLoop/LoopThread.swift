import CLibUV
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An ``EventLoop`` running on a dedicated thread of its own.
///
/// Workers run their loop on the main thread; tests, benchmarks and tools that live inside a
/// process which already uses other threads start one of these instead.
///
/// ```swift
/// let thread = try LoopThread()
/// let value = try await thread.submit { try await work(on: thread.loop) }
/// thread.shutdown()
/// ```
public final class LoopThread: @unchecked Sendable {
    /// The loop; use it from tasks running on `loop.executor`.
    public let loop: EventLoop
    private var thread: pthread_t

    /// Starts a thread, makes a loop on it and runs it until ``shutdown()``.
    public init(name: String = "grove-loop") throws {
        final class Start: @unchecked Sendable {
            let ready = Mutex<Result<EventLoop, LoopError>?>(nil)
            let name: String
            init(name: String) { self.name = name }
        }
        let start = Start(name: name)
        let context = Unmanaged.passRetained(start).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
            _ = start.name.withCString { grove_set_thread_name($0) }
            let loop: EventLoop
            do throws(LoopError) {
                loop = try EventLoop()
            } catch {
                start.ready.withLock { $0 = .failure(error) }
                return nil
            }
            start.ready.withLock { $0 = .success(loop) }
            loop.run()
            loop.close()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw LoopError(errno: status, operation: "pthread_create")
        }
        self.thread = thread
        while true {
            if let ready = start.ready.withLock({ $0 }) {
                switch ready {
                case .success(let loop): self.loop = loop
                case .failure(let error):
                    pthread_join(thread, nil)
                    throw error
                }
                break
            }
            sched_yield()
        }
    }

    /// Runs `operation` as a task on the loop's executor and returns its result.
    public func submit<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task(executorPreference: loop.executor) { try await operation() }.value
    }

    /// Stops the loop, closes it and joins the thread. Call once, off the loop thread.
    public func shutdown() {
        precondition(!loop.inLoopThread, "LoopThread.shutdown() called on its own loop thread")
        loop.stop()
        pthread_join(thread, nil)
    }
}

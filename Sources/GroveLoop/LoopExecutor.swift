import CLibUV
import DequeModule
import Synchronization

/// The executor of an ``EventLoop``: a `SerialExecutor` and `TaskExecutor` whose jobs run on
/// the loop's thread.
///
/// - From the loop thread, enqueueing a job is an append to a local queue (no lock).
/// - From any other thread, the job goes into a locked queue and `uv_async_send` wakes the loop.
/// - Queued work is drained from a `uv_check` handle (after I/O callbacks) and a `uv_prepare`
///   handle (before the loop blocks), at most ``batchSize`` items per drain; when work is left
///   over, a `uv_idle` handle keeps the loop polling instead of blocking.
///
/// Give it to `Task(executorPreference:)` or `withTaskExecutorPreference` and the task and all
/// its structured children (task groups, `async let`) run on the loop thread.
public final class LoopExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    /// A unit of work: a Swift job or a closure.
    enum Work: Sendable {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    /// How many queued items one drain runs before it lets the loop poll for I/O again.
    public let batchSize: Int
    unowned let loop: EventLoop
    /// Work enqueued on the loop thread; touched only there.
    @exclusivity(unchecked) private var local = Deque<Work>()
    /// Work enqueued from other threads.
    private let remote = Mutex<[Work]>([])
    private let async: UnsafeMutablePointer<uv_async_t>
    private let check: UnsafeMutablePointer<uv_check_t>
    private let prepare: UnsafeMutablePointer<uv_prepare_t>
    private let idle: UnsafeMutablePointer<uv_idle_t>
    @exclusivity(unchecked) private var idleActive = false

    init(loop: EventLoop, batchSize: Int = 1024) throws(LoopError) {
        self.loop = loop
        self.batchSize = batchSize
        async = UVHandle.allocate(uv_async_t.self)
        check = UVHandle.allocate(uv_check_t.self)
        prepare = UVHandle.allocate(uv_prepare_t.self)
        idle = UVHandle.allocate(uv_idle_t.self)
        try LoopExecutor.check(uv_async_init(loop.raw, async) { handle in
            UVHandle.owner(LoopExecutor.self, of: UVHandle.base(handle!)).drainRemote()
        }, "async init")
        try LoopExecutor.check(uv_check_init(loop.raw, check), "check init")
        try LoopExecutor.check(uv_prepare_init(loop.raw, prepare), "prepare init")
        try LoopExecutor.check(uv_idle_init(loop.raw, idle), "idle init")
        for handle in [UVHandle.base(async), UVHandle.base(check), UVHandle.base(prepare), UVHandle.base(idle)] {
            handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        }
        uv_check_start(check) { handle in
            UVHandle.owner(LoopExecutor.self, of: UVHandle.base(handle!)).endPhase()
        }
        uv_prepare_start(prepare) { handle in
            UVHandle.owner(LoopExecutor.self, of: UVHandle.base(handle!)).endPhase()
        }
        // The check and prepare handles must not keep the loop alive on their own.
        uv_unref(UVHandle.base(check))
        uv_unref(UVHandle.base(prepare))
    }

    private static func check(_ status: Int32, _ operation: String) throws(LoopError) {
        try GroveLoop.check(status, "executor \(operation)")
    }

    // MARK: Executor conformance

    /// Enqueues a job; it runs on the loop thread.
    public func enqueue(_ job: consuming ExecutorJob) {
        submit(.job(UnownedJob(job)))
    }

    /// This executor as an unowned serial executor reference.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// This executor as an unowned task executor reference.
    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    /// Traps unless called on the loop thread (used by `assumeIsolated` and friends).
    public func checkIsolated() {
        loop.preconditionInLoop("an isolated operation of the loop executor")
    }

    // MARK: Closures

    /// Runs `body` on the loop thread, soon. Safe from any thread.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        submit(.closure(body))
    }

    /// Runs `body` with the loop on the loop thread; used internally to reach the loop from
    /// other threads (stop, cancellation).
    func wake(_ body: @escaping @Sendable (EventLoop) -> Void) {
        let loop = self.loop
        submit(.closure { body(loop) })
    }

    /// Runs `body` right away when on the loop thread, otherwise enqueues it.
    func runOnLoop(_ body: @escaping @Sendable () -> Void) {
        if loop.inLoopThread { body() } else { submit(.closure(body)) }
    }

    // MARK: Queue

    @inline(__always)
    private func submit(_ work: Work) {
        if loop.inLoopThread {
            local.append(work)
        } else {
            remote.withLock { $0.append(work) }
            uv_async_send(async)
        }
    }

    /// Between the loop's phases (after I/O, before polling): the queued work, with the
    /// iteration clock forgotten before and after it, so that no reading taken here — in
    /// particular in the drain right before the loop polls — is used after a poll.
    private func endPhase() {
        loop.forgetIterationTime()
        drain()
        loop.forgetIterationTime()
    }

    /// Moves remote work into the local queue and drains it.
    private func drainRemote() {
        let incoming = remote.withLock { queue -> [Work] in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        local.append(contentsOf: incoming)
        drain()
    }

    /// Runs up to ``batchSize`` items; keeps the loop polling when work is left.
    private func drain() {
        var budget = batchSize
        let taskExecutor = asUnownedTaskExecutor()
        while budget > 0, let work = local.popFirst() {
            budget -= 1
            switch work {
            case .job(let job): job.runSynchronously(on: taskExecutor)
            case .closure(let body): body()
            }
        }
        // Remote work arriving later wakes the loop through the async handle.
        let hasMore = !local.isEmpty
        if hasMore, !idleActive {
            idleActive = true
            uv_idle_start(idle) { handle in
                UVHandle.owner(LoopExecutor.self, of: UVHandle.base(handle!)).drainRemote()
            }
        } else if !hasMore, idleActive {
            idleActive = false
            uv_idle_stop(idle)
        }
    }

    /// Stops the internal handles; the loop closes them with the rest.
    func shutdown() {
        drainRemote()
        for handle in [UVHandle.base(async), UVHandle.base(check), UVHandle.base(prepare), UVHandle.base(idle)] {
            handle.pointee.data = nil
            if uv_is_closing(handle) == 0 {
                uv_close(handle) { UnsafeMutableRawPointer($0)?.deallocate() }
            }
        }
    }
}

import CLibUV

/// A callback timer on an ``EventLoop``, for code that must stay synchronous (the master).
///
/// Tasks should sleep on ``LoopClock`` instead. Use from the loop thread only.
public final class LoopTimer: @unchecked Sendable {
    private let loop: EventLoop
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private var callback: (() -> Void)?
    private var closed = false

    /// Makes a stopped timer on `loop`.
    public init(loop: EventLoop) throws(LoopError) {
        loop.preconditionInLoop("LoopTimer.init")
        self.loop = loop
        handle = UVHandle.allocate(uv_timer_t.self)
        try check(uv_timer_init(loop.raw, handle), "timer init")
        UVHandle.retain(self, in: handle)
    }

    /// Calls `callback` after `delay`, then every `interval` if one is given. Restarts the
    /// timer if it was running.
    public func start(after delay: Duration, every interval: Duration? = nil, _ callback: @escaping () -> Void) {
        loop.preconditionInLoop("LoopTimer.start")
        precondition(!closed, "LoopTimer started after close()")
        self.callback = callback
        uv_timer_start(handle, { timer in
            UVHandle.owner(LoopTimer.self, of: UVHandle.base(timer!)).callback?()
        }, delay.millisecondsRoundedUp, interval?.millisecondsRoundedUp ?? 0)
    }

    /// Stops the timer; it can be started again.
    public func stop() {
        loop.preconditionInLoop("LoopTimer.stop")
        uv_timer_stop(handle)
    }

    /// Whether the timer keeps ``EventLoop/run()`` from returning (default true).
    public func keepsLoopAlive(_ keep: Bool) {
        keep ? uv_ref(UVHandle.base(handle)) : uv_unref(UVHandle.base(handle))
    }

    /// Stops and releases the timer.
    public func close() {
        guard !closed else { return }
        closed = true
        callback = nil
        UVHandle.closeHandle(handle)
    }
}

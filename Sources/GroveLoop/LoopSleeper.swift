import CLibUV

/// One pending ``LoopClock`` sleep: a `uv_timer` and the continuation it resumes.
///
/// Every state change happens on the loop thread, so starting and cancelling can arrive in any
/// order (cancellation may even come first) and the continuation is resumed exactly once.
final class LoopSleeper: @unchecked Sendable {
    private enum State {
        case initial
        case cancelledBeforeStart
        case armed(CheckedContinuation<Void, any Error>, UnsafeMutablePointer<uv_timer_t>)
        case finished
    }

    private let loop: EventLoop
    private let deadline: LoopClock.Instant
    private var state = State.initial

    init(loop: EventLoop, deadline: LoopClock.Instant) {
        self.loop = loop
        self.deadline = deadline
    }

    func start(_ continuation: CheckedContinuation<Void, any Error>) {
        loop.executor.runOnLoop { self.arm(continuation) }
    }

    func cancel() {
        loop.executor.runOnLoop { self.cancelOnLoop() }
    }

    private func arm(_ continuation: CheckedContinuation<Void, any Error>) {
        switch state {
        case .initial:
            let timer = UVHandle.allocate(uv_timer_t.self)
            uv_timer_init(loop.raw, timer)
            UVHandle.retain(self, in: timer)
            state = .armed(continuation, timer)
            schedule(timer)
        case .cancelledBeforeStart:
            state = .finished
            continuation.resume(throwing: CancellationError())
        case .armed, .finished:
            preconditionFailure("LoopSleeper started twice")
        }
    }

    private func schedule(_ timer: UnsafeMutablePointer<uv_timer_t>) {
        uv_update_time(loop.raw)
        let remaining = LoopClock.Instant(nanoseconds: uv_hrtime()).duration(to: deadline)
        uv_timer_start(timer, { timer in
            UVHandle.owner(LoopSleeper.self, of: UVHandle.base(timer!)).fired()
        }, max(1, remaining.millisecondsRoundedUp), 0)
    }

    private func fired() {
        guard case .armed(let continuation, let timer) = state else { return }
        if LoopClock.Instant(nanoseconds: uv_hrtime()) < deadline {
            schedule(timer)
            return
        }
        state = .finished
        UVHandle.closeHandle(timer)
        continuation.resume()
    }

    private func cancelOnLoop() {
        switch state {
        case .initial:
            state = .cancelledBeforeStart
        case .armed(let continuation, let timer):
            state = .finished
            uv_timer_stop(timer)
            UVHandle.closeHandle(timer)
            continuation.resume(throwing: CancellationError())
        case .cancelledBeforeStart, .finished:
            break
        }
    }
}

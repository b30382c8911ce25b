extension EventLoop {
    /// The monotonic time (nanoseconds) at which the current loop iteration's work was first
    /// timed: read from the clock on the first call after the loop's last poll, the same value
    /// for every later call until the loop polls again. A batch of connections that became
    /// ready together is timed from one reading, as nginx times requests from its cached time
    /// of the event batch, and a request's time includes its wait behind the ones before it.
    /// At most one `clock_gettime` per loop iteration. Loop thread only.
    @inlinable
    public var iterationNanoseconds: UInt64 {
        let stamp = iterationStamp
        return stamp != 0 ? stamp : readIterationClock()
    }

    /// Reads the clock for ``iterationNanoseconds``.
    @usableFromInline
    func readIterationClock() -> UInt64 {
        let now = monotonicNanoseconds()
        iterationStamp = now
        return now
    }

    /// Forgets this iteration's reading: the next ``iterationNanoseconds`` reads the clock. The
    /// executor calls it after every I/O phase and before every poll (its check and prepare
    /// handles), so no reading outlives the iteration it was taken in.
    func forgetIterationTime() {
        iterationStamp = 0
    }
}

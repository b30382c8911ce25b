extension EventLoop {
    /// The monotonic time (nanoseconds) at which the current phase of the loop's work was first
    /// timed: read from the clock on the first call after the loop's last poll (or after the
    /// executor last ran its queued work), the same value for every later call in between. So
    /// the connections that became ready together in one poll are timed from one reading, as
    /// nginx times requests from its cached time of the event batch, and a request's time
    /// includes its wait behind the ones before it. A few `clock_gettime` per loop iteration at
    /// most, however many requests it serves. Loop thread only.
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

    /// Forgets the reading: the next ``iterationNanoseconds`` reads the clock. The executor
    /// calls it around each run of its queued work, after every I/O phase and right before every
    /// poll (its check and prepare handles), so no reading is used after the loop waited.
    func forgetIterationTime() {
        iterationStamp = 0
    }
}

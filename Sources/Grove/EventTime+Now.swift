import GroveMaster

#if canImport(Glibc)
import Glibc
#endif

extension EventTime {
    /// The monotonic and wall-clock time now (`CLOCK_MONOTONIC`, `CLOCK_REALTIME`).
    static func current() -> EventTime {
        var monotonic = timespec()
        var wall = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        clock_gettime(CLOCK_REALTIME, &wall)
        return EventTime(
            monotonic: MonotonicInstant(nanoseconds: Int64(monotonic.tv_sec) * 1_000_000_000 + Int64(monotonic.tv_nsec)),
            unixNanoseconds: Int64(wall.tv_sec) * 1_000_000_000 + Int64(wall.tv_nsec)
        )
    }
}

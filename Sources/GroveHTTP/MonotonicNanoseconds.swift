#if canImport(Glibc)
import Glibc
#endif

/// Now on the monotonic clock, in nanoseconds: what request durations (metrics, the access
/// log) are measured with. One `clock_gettime` and no `Duration` arithmetic.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

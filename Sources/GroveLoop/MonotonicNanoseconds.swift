// timespec reaches Swift through libuv's headers (which include <time.h>): inlinable code
// that names it must import that module.
import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// Now on the monotonic clock, in nanoseconds: what request durations (metrics, the access
/// log) are measured with. One `clock_gettime` and no `Duration` arithmetic.
@inlinable @inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
}

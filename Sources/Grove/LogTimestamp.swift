#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timestamps for log lines: RFC 3339 in UTC with milliseconds
/// (`2026-11-22T06:23:38.123Z`), without Foundation.
enum LogTimestamp {
    /// Now.
    static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return format(seconds: time.tv_sec, nanoseconds: time.tv_nsec)
    }

    /// The given instant since the Unix epoch.
    static func format(seconds: Int, nanoseconds: Int) -> String {
        var seconds = seconds
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(three(nanoseconds / 1_000_000))Z"
    }

    private static func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    private static func three(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
}

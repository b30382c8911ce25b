#if canImport(Glibc)
import Glibc
#endif

/// The `Date` header value (RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`),
/// formatted at most once per second per cache.
///
/// Each worker loop keeps one; reading it is a `time()` call (vDSO) and a comparison.
public struct HTTPDateCache: Sendable {
    private var second: Int = -1
    private var bytes: [UInt8] = []
    private var field: [UInt8] = []

    /// An empty cache; the first read formats the date.
    public init() {}

    /// The current date as bytes, reformatted when the second changed.
    public mutating func current() -> [UInt8] {
        let now = time(nil)
        refresh(now)
        return bytes
    }

    /// The whole field line, `Date: <date>\r\n`, reformatted when the second changed.
    public mutating func currentField() -> [UInt8] {
        refresh(time(nil))
        return field
    }

    /// Calls `body` with the bytes of ``currentField()``, without copying the array out.
    public mutating func withCurrentField<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        refresh(time(nil))
        return field.withUnsafeBytes(body)
    }

    private mutating func refresh(_ now: Int) {
        guard now != second else { return }
        second = now
        bytes = HTTPDateCache.format(now)
        field = Array("Date: ".utf8) + bytes + [13, 10]
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats a Unix time as an IMF-fixdate.
    public static func format(_ seconds: Int) -> [UInt8] {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}

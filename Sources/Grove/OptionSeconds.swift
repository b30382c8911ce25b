import ArgumentParser

/// Times given in seconds by options, the configuration file or `GROVE_*` variables: checked
/// (a finite number, not negative, at most a year) before they become a `Duration`, so that no
/// value a file can hold (`nan`, `inf`, `1e300`) traps the master when it reloads.
enum OptionSeconds {
    /// The longest time any option may name: one year.
    static let maximum: Double = 365 * 86_400

    /// Throws a `ValidationError` naming `name` unless `seconds` is a finite number within
    /// `0...maximum`, and more than 0 unless `allowZero`.
    static func check(_ name: String, _ seconds: Double, allowZero: Bool = false) throws {
        guard seconds.isFinite, seconds >= 0, seconds <= maximum, allowZero || seconds > 0 else {
            throw ValidationError("\(name) must be a number of seconds \(allowZero ? "from 0" : "above 0") "
                + "up to \(Int(maximum)) (a year), not \(seconds)")
        }
    }

    /// `seconds` (checked by ``check(_:_:allowZero:)``) as a `Duration`, rounded to the
    /// microsecond; out-of-range values are clamped rather than trapping.
    static func duration(_ seconds: Double) -> Duration {
        guard seconds.isFinite else { return seconds > 0 ? .seconds(Int64(maximum)) : .zero }
        let clamped = min(max(seconds, 0), maximum)
        return .microseconds(Int64((clamped * 1_000_000).rounded()))
    }
}

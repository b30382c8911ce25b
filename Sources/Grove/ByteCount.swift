import ArgumentParser

/// A size in bytes as an option value: `1048576`, or with a binary suffix `64k`, `1m`, `1g`
/// (KiB, MiB, GiB; case-insensitive, an optional trailing `b`/`ib`: `64KiB`).
public struct ByteCount: Sendable, Hashable, ExpressibleByArgument, CustomStringConvertible {
    /// The number of bytes.
    public var bytes: Int

    /// A size of `bytes` bytes.
    public init(_ bytes: Int) {
        self.bytes = bytes
    }

    /// Parses `1048576`, `64k`, `1m`, `1g`, `64KiB`; nil for anything else (negative included).
    public init?(argument: String) {
        var text = Substring(argument.lowercased())
        if text.hasSuffix("ib") { text = text.dropLast(2) } else if text.hasSuffix("b") { text = text.dropLast() }
        var multiplier = 1
        switch text.last {
        case "k": multiplier = 1 << 10
        case "m": multiplier = 1 << 20
        case "g": multiplier = 1 << 30
        default: break
        }
        if multiplier != 1 { text = text.dropLast() }
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let value = Int(text), value >= 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        self.bytes = bytes
    }

    /// `1m`, `64k` or the plain number of bytes.
    public var description: String {
        for (suffix, unit) in [("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10)] where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)"
    }

    /// Shown as the default in the help.
    public var defaultValueDescription: String { description }
}

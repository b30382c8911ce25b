@testable import GroveHTTPParser
import Testing

/// Plays the connection layer: keeps unconsumed bytes, appends input piece by piece, calls
/// the parser until it needs more, and records what it reports. It also checks the
/// contract of every call — consumed bytes within the input, body ranges within the
/// consumed bytes and never empty, and progress (at most one call in a row that consumes
/// nothing yet reports an event, which is the `.end` of a body-less request).
struct ParserDriver {
    /// Where the contract was broken, if it was.
    private(set) var violations: [String] = []
    private(set) var events: [RecordedEvent] = []
    /// The most bytes the parser ever asked the caller to keep while needing more.
    private(set) var maxKeptBytes = 0
    private var parser: HTTPRequestParser
    private var pending: [UInt8] = []
    private var stopped = false

    /// A driver whose parser tries whole heads with the fast path or, without
    /// `usesFastPath`, always takes the general one.
    init(limits: HTTPParserLimits = HTTPParserLimits(), usesFastPath: Bool = true) {
        parser = HTTPRequestParser(limits: limits)
        parser.usesFastPath = usesFastPath
    }

    /// Parses `input` fed in pieces cut at the offsets `cuts` (ascending, within bounds).
    static func run(
        _ input: [UInt8], cuts: [Int] = [], limits: HTTPParserLimits = HTTPParserLimits(), usesFastPath: Bool = true
    ) -> ParserDriver {
        var driver = ParserDriver(limits: limits, usesFastPath: usesFastPath)
        var start = 0
        for cut in cuts + [input.count] {
            driver.feed(input[start..<cut])
            start = cut
        }
        return driver
    }

    /// Parses `input` one byte per piece.
    static func byteByByte(_ input: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserDriver {
        run(input, cuts: Array(input.indices.dropFirst()), limits: limits)
    }

    /// Appends `piece` and parses until the parser needs more or fails.
    mutating func feed(_ piece: ArraySlice<UInt8>) {
        guard !stopped else { return }
        pending.append(contentsOf: piece)
        var idleCalls = 0
        while true {
            let result = pending.withUnsafeBytes { parser.parse($0) }
            guard (0...pending.count).contains(result.consumed) else {
                return violate("consumed \(result.consumed) of \(pending.count) bytes")
            }
            switch result.event {
            case .needMore:
                pending.removeFirst(result.consumed)
                maxKeptBytes = Swift.max(maxKeptBytes, pending.count)
                return
            case .head(let head):
                events.append(.head(HeadSummary(head)))
            case .body(let range):
                guard !range.isEmpty, range.upperBound <= result.consumed else {
                    return violate("body range \(range) with \(result.consumed) consumed")
                }
                appendBody(pending[range])
            case .end(let trailers):
                events.append(.end(trailers.map { $0.map(FieldSummary.init) }))
            case .error(let error):
                events.append(.error(error.code, status: error.status))
                stopped = true
                return
            }
            pending.removeFirst(result.consumed)
            idleCalls = result.consumed == 0 ? idleCalls + 1 : 0
            if idleCalls > 1 { return violate("two event calls in a row consumed nothing") }
        }
    }

    private mutating func appendBody(_ bytes: ArraySlice<UInt8>) {
        if case .body(let previous) = events.last {
            events[events.count - 1] = .body(previous + bytes)
        } else {
            events.append(.body(Array(bytes)))
        }
    }

    private mutating func violate(_ message: String) {
        violations.append(message)
        stopped = true
    }

    /// The bytes the parser has left unconsumed.
    var unconsumed: [UInt8] { pending }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`; tests write requests as string literals.
    init(request text: String) {
        self = Array(text.utf8)
    }
}

import GroveHTTPParser
import GroveTestSupport
import Testing

/// Bytes that matter to the grammar, to make mutations hit interesting paths.
let interestingBytes: [UInt8] = Array("\r\n\r\n \t:;,=\"\\0123456789abcdefABCDEF/?*%-HTTP/1.1\0".utf8) + [0x7F, 0x80, 0xFF, 0x0B]

/// Mutates `input`: replaces, inserts, deletes, duplicates or truncates a few bytes.
func mutate(_ input: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        let byte = Bool.random(using: &rng) ? interestingBytes.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0 where !bytes.isEmpty: bytes[position] = byte
        case 1: bytes.insert(byte, at: position)
        case 2 where !bytes.isEmpty: bytes.remove(at: position)
        case 3 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...12, using: &rng))
            bytes.insert(contentsOf: bytes[position..<end], at: position)
        default: bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &rng))
        }
    }
    return bytes
}

/// Random ascending cut offsets inside `count` bytes.
func randomCuts(_ count: Int, using rng: inout SeededGenerator) -> [Int] {
    guard count > 1 else { return [] }
    return Set((0..<Int.random(in: 0...6, using: &rng)).map { _ in Int.random(in: 1..<count, using: &rng) }).sorted()
}

@Suite struct RandomizedRobustnessTests {
    static let seeds: [[UInt8]] = validSamples.map { [UInt8](request: $0) } + malformedCorpus.map(\.bytes)

    /// Checks one input: no contract violation (progress, ranges), same events however
    /// split, kept bytes bounded by the header limit, bodies and fields within limits.
    private func check(_ input: [UInt8], limits: HTTPParserLimits, rng: inout SeededGenerator) {
        let whole = ParserDriver.run(input, limits: limits)
        let split = ParserDriver.run(input, cuts: randomCuts(input.count, using: &rng), limits: limits)
        #expect(whole.violations.isEmpty, "input \(input)")
        #expect(split.violations.isEmpty, "input \(input)")
        #expect(split.events == whole.events, "input \(input)")
        #expect(whole.maxKeptBytes <= limits.maxHeaderBytes)
        #expect(split.maxKeptBytes <= limits.maxHeaderBytes)
        for event in whole.events {
            switch event {
            case .head(let head):
                #expect(head.fields.count <= limits.maxHeaderCount)
            case .body(let bytes):
                #expect(bytes.count <= limits.maxBodySize)
            case .end(let trailers):
                #expect((trailers?.count ?? 0) <= limits.maxHeaderCount)
            case .error(_, let status):
                #expect([400, 413, 414, 431, 501, 505].contains(status))
            }
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func mutatedRequestsNeverCrashStallOrExceedLimits(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<1500 {
            let base = Self.seeds.randomElement(using: &rng)!
            let limits = Bool.random(using: &rng) ? smallLimits : HTTPParserLimits()
            check(mutate(base, using: &rng), limits: limits, rng: &rng)
        }
    }

    @Test func randomBytesNeverCrashOrStall() {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        for _ in 0..<1500 {
            let length = Int.random(in: 0...300, using: &rng)
            let input = (0..<length).map { _ in
                Bool.random(using: &rng) ? interestingBytes.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(input, limits: smallLimits, rng: &rng)
        }
    }

    /// A caller that breaks the contract — changes kept bytes between calls — gets events
    /// or errors, never a crash or an out-of-bounds range.
    @Test func changedKeptBytesNeverCrash() {
        var rng = SeededGenerator(seed: 77)
        for _ in 0..<3000 {
            var parser = HTTPRequestParser(limits: smallLimits)
            let seed = Self.seeds.randomElement(using: &rng)!
            let prefix = Array(seed.prefix(Int.random(in: 0...seed.count, using: &rng)))
            _ = prefix.withUnsafeBytes { parser.parse($0) }
            let other = mutate(Self.seeds.randomElement(using: &rng)!, using: &rng)
            for _ in 0..<4 {
                let result = other.withUnsafeBytes { parser.parse($0) }
                #expect((0...other.count).contains(result.consumed))
                if case .body(let range) = result.event { #expect(range.upperBound <= result.consumed) }
            }
        }
    }

    @Test func endlessChunkedBodyIsCutAtTheBodyLimit() {
        var parser = HTTPRequestParser(limits: smallLimits)
        let head = [UInt8](request: "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        _ = head.withUnsafeBytes { parser.parse($0) }
        let chunk = [UInt8](request: "a\r\n0123456789\r\n")
        var delivered = 0
        for _ in 0..<20 {
            var pending = chunk[...]
            while !pending.isEmpty {
                let result = pending.withUnsafeBytes { parser.parse($0) }
                switch result.event {
                case .body(let range): delivered += range.count
                case .error(let error):
                    #expect(error.status == 413)
                    #expect(delivered <= smallLimits.maxBodySize)
                    return
                default: break
                }
                pending = pending.dropFirst(result.consumed)
            }
        }
        Issue.record("an endless chunked body was never cut")
    }
}

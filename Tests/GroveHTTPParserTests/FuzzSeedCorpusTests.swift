import Foundation
import GroveHTTPParser
import GroveTestSupport
import Testing

/// The libFuzzer seed corpus in `fuzz/seeds/parser/` is the test corpus in files: one per
/// valid and malformed sample, prefixed with the fuzzer's selector byte (bit 0: the small
/// limits of `smallLimits`). Run with `GROVE_WRITE_FUZZ_SEEDS=1` to regenerate it.
@Suite struct FuzzSeedCorpusTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/seeds/parser")

    /// File name and content of every seed.
    static var seeds: [(String, Data)] {
        let valid = validSamples.enumerated().map { index, text in
            ("valid-\(index).http", Data([0]) + Data(text.utf8))
        }
        let malformed = (malformedCorpus + malformedByteCorpus).map { sample in
            let name = sample.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
            let selector: UInt8 = sample.limits == .small ? 1 : 0
            return ("malformed-\(String(name)).http", Data([selector]) + Data(sample.bytes))
        }
        return valid + malformed
    }

    @Test func seedFilesMatchTheTestCorpus() throws {
        let write = ProcessInfo.processInfo.environment["GROVE_WRITE_FUZZ_SEEDS"] == "1"
        if write {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
        }
        for (name, content) in Self.seeds {
            let url = Self.directory.appendingPathComponent(name)
            if write { try content.write(to: url) }
            #expect((try? Data(contentsOf: url)) == content, "\(name) is missing or stale")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
        #expect(files.count == Self.seeds.count, "no stray seed files")
    }
}

import GroveHTTPParser
import GroveTestSupport
import Testing

@Suite struct MalformedCorpusTests {
    static let corpus = malformedCorpus + malformedByteCorpus

    @Test func corpusIsLargeEnough() {
        #expect(Self.corpus.count >= 100)
        #expect(Set(Self.corpus.map(\.name)).count == Self.corpus.count, "names are unique")
    }

    @Test(arguments: corpus)
    func rejectedWithExpectedStatus(_ sample: MalformedSample) {
        let driver = ParserDriver.run(sample.bytes, limits: sample.parserLimits)
        #expect(driver.violations.isEmpty)
        #expect(driver.events.last?.errorStatus == sample.status, "events: \(driver.events)")
    }

    @Test(arguments: corpus)
    func sameResultAtEverySplitPoint(_ sample: MalformedSample) {
        let whole = ParserDriver.run(sample.bytes, limits: sample.parserLimits).events
        for cut in 1..<sample.bytes.count {
            let split = ParserDriver.run(sample.bytes, cuts: [cut], limits: sample.parserLimits)
            #expect(split.violations.isEmpty)
            #expect(split.events == whole, "split at \(cut)")
        }
        let bytewise = ParserDriver.byteByByte(sample.bytes, limits: sample.parserLimits)
        #expect(bytewise.violations.isEmpty)
        #expect(bytewise.events == whole, "byte by byte")
    }
}

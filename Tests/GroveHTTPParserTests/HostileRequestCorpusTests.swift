import GroveHTTPParser
import GroveTestSupport
import Testing

/// The samples the socket test sends to a running server, checked against the parser with the
/// default limits first (fed whole: they are too large to split at every byte).
@Suite struct HostileRequestCorpusTests {
    static let samples = HostileRequestCorpus.oversizedAtStandardLimits + HostileRequestCorpus.extras

    @Test func socketCorpusIsLargeEnoughAndNamedUniquely() {
        let all = HostileRequestCorpus.all
        #expect(all.count >= 100)
        #expect(Set(all.map(\.name)).count == all.count, "names are unique")
        #expect(all.allSatisfy { $0.limits == .standard })
    }

    @Test(arguments: samples)
    func rejectedWithExpectedStatusAtDefaultLimits(_ sample: MalformedSample) {
        let driver = ParserDriver.run(sample.bytes, limits: HTTPParserLimits())
        #expect(driver.violations.isEmpty)
        #expect(driver.events.last?.errorStatus == sample.status, "events: \(driver.events)")
    }
}

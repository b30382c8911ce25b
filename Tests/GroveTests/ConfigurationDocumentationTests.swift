@testable import Grove
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Configuration: the README's table and the example file")
struct ConfigurationDocumentationTests {
    /// A file of this checkout, by its path from the root.
    static func checkoutFile(_ relative: String) -> String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/GroveTests/<this file>
        return parts.joined(separator: "/") + "/" + relative
    }

    static func read(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        try #require(fd >= 0, "open \(path)")
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while case let count = Glibc.read(fd, &chunk, chunk.count), count > 0 { bytes += chunk.prefix(count) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("the README's option table lists every option of grove serve, and nothing else")
    func readmeTableListsEveryOption() async throws {
        let readme = try Self.read(Self.checkoutFile("README.md"))
        let section = try #require(readme.split(separator: "\n## ").first { $0.hasPrefix("Configuration") })
        let keys = Set(section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        })
        let options = Set(ConfigurationOptionCatalog.serve.options.map(\.key))
        #expect(options.subtracting(keys).isEmpty, "not in the README's table: \(options.subtracting(keys).sorted())")
        #expect(keys.subtracting(options) == ["applications"], "in the table but not options: \(keys.subtracting(options).sorted())")
    }

    @Test("deploy/grove.yaml passes the check with the demo's applications")
    func exampleIsValid() async throws {
        let report = try GroveServer.checkConfiguration(file: Self.checkoutFile("deploy/grove.yaml"),
                                                        applicationNames: ["hello", "myapp-a", "myapp-b", "lab"],
                                                        environment: [:]).get()
        #expect(report.contains("# resolved: 4 worker(s)"))
    }
}

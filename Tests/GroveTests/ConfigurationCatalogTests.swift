import ArgumentParser
@testable import Grove
import Testing

@Suite("Configuration: every option is a file key and an environment variable")
struct ConfigurationCatalogTests {
    let catalog = ConfigurationOptionCatalog.serve

    /// The long names the help text of `grove serve` lists (an enumeration independent of the
    /// catalog's, so an option the catalog dropped is caught).
    var namesInHelp: Set<String> {
        let help = ServeOptions.helpMessage(includeHidden: true, columns: 1000)
        var names: Set<String> = []
        var rest = Substring(help)
        while let range = rest.range(of: "--") {
            let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            if let first = name.first, first.isLetter { names.insert(String(name)) }
            rest = rest[range.upperBound...]
        }
        return names.subtracting(["help"])
    }

    @Test("the catalog holds every option the help lists, and the known ones")
    func catalogMatchesTheHelp() async {
        let keys = Set(catalog.options.flatMap { [$0.key] + ($0.inversion.map { [$0] } ?? []) })
        #expect(namesInHelp.isSubset(of: keys), "missing from the catalog: \(namesInHelp.subtracting(keys))")
        for key in ["workers", "bind", "graceful-timeout", "pid-file", "user", "config", "shared-socket",
                    "max-requests", "http-max-body-size", "http-header-timeout", "http-idle-timeout"] {
            #expect(catalog.option(forKey: key) != nil, "\(key)")
        }
        #expect(catalog.option(forKey: "bind")?.isRepeating == true)
        #expect(catalog.option(forKey: "shared-socket")?.kind == .flag)
        #expect(catalog.option(forKey: "help") == nil)
    }

    /// A value `option` accepts, found among typical ones.
    func sampleValue(for option: ConfigurationOption) -> String? {
        if option.kind == .flag { return "true" }
        if let first = option.allowedValues?.first { return first }
        return ["3", "2.5", "127.0.0.1:8123", "/tmp/grove-sample", "64k"].first {
            (try? ServeOptions.parse(["--\(option.key)=\($0)"])) != nil
        }
    }

    @Test("every option is accepted as a file key and as a GROVE_* variable, and wins over its default")
    func everyOptionIsAcceptedFromFileAndEnvironment() async throws {
        #expect(catalog.options.count >= 25)
        for option in catalog.options where option.key != "config" {
            await Task.yield()
            let value = try #require(sampleValue(for: option), "no sample value for \(option.key)")
            let fromFile = try await load("\(option.key): \(value)\n")
            let fileSetting = try #require(fromFile.loaded.setting(forKey: option.key), "\(option.key) from the file")
            #expect(fileSetting.source == .file(path: fromFile.path, line: 1))
            #expect(fileSetting.values == [value], "\(option.key)")

            let loader = ConfigurationLoader(commandLine: [], environment: [option.environmentName: value])
            await Task.yield()
            let fromEnvironment = try loader.load()
            let environmentSetting = try #require(fromEnvironment.setting(forKey: option.key), "\(option.environmentName)")
            #expect(environmentSetting.source == .environment(name: option.environmentName))
            #expect(environmentSetting.values == [value], "\(option.environmentName)")
        }
    }

    @Test("environment names are GROVE_ plus the long name in upper snake case")
    func environmentNames() async {
        #expect(catalog.option(forKey: "graceful-timeout")?.environmentName == "GROVE_GRACEFUL_TIMEOUT")
        #expect(catalog.option(forKey: "http-max-body-size")?.environmentName == "GROVE_HTTP_MAX_BODY_SIZE")
        #expect(catalog.option(forEnvironmentName: "GROVE_WORKERS")?.key == "workers")
    }
}

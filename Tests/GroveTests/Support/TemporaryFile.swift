import Grove

#if canImport(Glibc)
import Glibc
#endif

/// A file under /tmp with the given text, removed when the value goes away.
final class TemporaryFile {
    /// Its path.
    let path: String

    init(_ text: String, suffix: String = ".yaml") throws {
        path = "/tmp/grove-config-test-\(getpid())-\(UInt64.random(in: 0 ... .max))\(suffix)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TemporaryFileError(message: "open \(path): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw TemporaryFileError(message: "write \(path): errno \(errno)") }
    }

    deinit { unlink(path) }
}

struct TemporaryFileError: Error {
    let message: String
}

/// Loads `text` as the configuration file with `environment` and `commandLine`.
///
/// Async, and yielding around the load: parsing with swift-argument-parser takes tens of
/// milliseconds in a debug build, and tests that parse many times in a row must not hold the
/// cooperative pool's threads from the suites running beside them.
func load(_ text: String, environment: [String: String] = [:], commandLine: [String] = [],
          applicationNames: [String]? = nil) async throws -> LoadedConfigurationAndPath {
    await Task.yield()
    let file = try TemporaryFile(text)
    let loader = ConfigurationLoader(commandLine: commandLine, environment: environment, file: file.path,
                                     applicationNames: applicationNames)
    return LoadedConfigurationAndPath(loaded: try loader.load(), file: file)
}

/// A loaded configuration and its (still existing) file.
struct LoadedConfigurationAndPath {
    let loaded: LoadedConfiguration
    let file: TemporaryFile
    var path: String { file.path }
}

/// The error loading `text` throws, or nil.
func loadError(_ text: String, environment: [String: String] = [:], commandLine: [String] = [],
               applicationNames: [String]? = nil) async throws -> (error: ConfigurationError?, path: String) {
    await Task.yield()
    let file = try TemporaryFile(text)
    let loader = ConfigurationLoader(commandLine: commandLine, environment: environment, file: file.path,
                                     applicationNames: applicationNames)
    do {
        _ = try loader.load().serveConfiguration()
        return (nil, file.path)
    } catch {
        return (error, file.path)
    }
}

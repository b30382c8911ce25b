import ArgumentParser
import Grove
import GroveHTTP
import GroveLoop
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The demo server: the seed example (two applications with handler, timer and background
/// scopes), a hello world at `/` and a lab at `/lab`.
@main
struct GroveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grove",
        abstract: "Grove: a prefork server whose workers are scope-aware (demo server).",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}

/// `grove serve`: one worker process serving the demo applications.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the demo applications.")

    @Option(help: "The address to listen on (an IP literal or localhost).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("graceful-timeout"), help: "Seconds a graceful stop (SIGTERM) may take.")
    var gracefulTimeout: Double = 30

    @Flag(name: .customLong("enable-lab-faults"), help: "Mount /lab/ignore-cancel and /lab/crash.")
    var enableLabFaults = false

    func validate() throws {
        guard gracefulTimeout > 0 else { throw ValidationError("--graceful-timeout must be positive") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let address = try SocketAddress(host: host, port: port)
        let fd = try ListeningSocket.tcp(address: address)
        let options = WorkerOptions(gracefulTimeout: .milliseconds(Int64(gracefulTimeout * 1000)))
        let report = try GroveWorker.run(
            applications: DemoApplications.all(labFaults: enableLabFaults),
            listeners: [fd],
            options: options
        )
        if !report.isClean { throw ExitCode(1) }
    }
}

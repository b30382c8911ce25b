import ArgumentParser
import Grove

/// The demo server: the seed example (two applications with handler, timer and background
/// scopes), a hello world at `/` and a lab at `/lab`.
@main
struct GroveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grove",
        abstract: "Grove: a prefork server whose workers are scope-aware (demo server).",
        subcommands: [Serve.self, GroveControlCommand.self, CheckConfig.self],
        defaultSubcommand: Serve.self
    )
}

/// `grove serve`: a master and its workers serving the demo applications.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the demo applications.")

    @OptionGroup var serve: ServeOptions

    @Flag(name: .customLong("enable-lab-faults"), help: "Mount /lab/ignore-cancel and /lab/crash.")
    var enableLabFaults = false

    func run() throws {
        let labFaults = enableLabFaults
        let code = try GroveServer.run(serve, applicationNames: DemoApplications.names) {
            DemoApplications.all(labFaults: labFaults)
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// `grove check-config FILE`: validates a configuration file and prints the effective configuration.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration file (GROVE_* environment applied) and print the effective configuration."
    )

    @OptionGroup var check: CheckConfigOptions

    func run() throws {
        try check.run(applicationNames: DemoApplications.names)
    }
}

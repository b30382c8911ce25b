import ArgumentParser
import GroveMaster

#if canImport(Glibc)
import Glibc
#endif

/// `grove ctl`: talks to a running master over its control socket. Any executable built on
/// ``GroveServer`` can list it among its subcommands.
public struct GroveControlCommand: ParsableCommand {
    /// The subcommand's configuration.
    public static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Control a running Grove master through its control socket.",
        subcommands: [Status.self, Tree.self, Reload.self, Stop.self, Scale.self]
    )

    /// Makes the command (ArgumentParser calls it).
    public init() {}

    /// The options every `grove ctl` subcommand takes.
    struct Connection: ParsableArguments {
        @Option(help: "The master's control socket (default: the default of `grove serve --control-socket`).")
        var socket: String?

        @Flag(help: "Print the master's JSON answer instead of a table.")
        var json = false

        @Option(help: "Seconds to wait for the master's answer.")
        var timeout: Double = 10

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        }

        /// Sends `request`, prints the answer (`render` makes the human form), fails on a refusal.
        func run(_ request: ControlRequest, render: (ControlResponse) -> String) throws {
            let path = socket ?? ControlSocketPath.defaultPath()
            let response: ControlResponse
            response = try ControlClient.send(request, to: path, timeout: .milliseconds(Int64(timeout * 1000)))
            if json {
                print(response.jsonLine(), terminator: "")
            } else if response.ok {
                print(render(response), terminator: "")
            }
            if !response.ok {
                if !json { FileHandleStandardError.write("grove ctl: \(response.error ?? "refused")\n") }
                throw ExitCode(1)
            }
        }
    }

    /// `grove ctl status`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the master and each worker: pid, generation, age, state, requests, lag, restarts.")
        @OptionGroup var connection: Connection

        func run() throws {
            try connection.run(ControlRequest(command: "status")) { ControlTables.status($0.status!) }
        }
    }

    /// `grove ctl tree [--worker N]`.
    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the workers' scope trees merged, with counters per scope and running tasks.")
        @OptionGroup var connection: Connection
        @Option(help: "Only the worker(s) of this slot, each tree on its own.")
        var worker: Int?

        func run() throws {
            try connection.run(ControlRequest(command: "tree", worker: worker)) {
                ControlTables.tree($0.tree!, perWorker: worker != nil)
            }
        }
    }

    /// `grove ctl reload`.
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reload the configuration and replace the workers (like SIGHUP).")
        @OptionGroup var connection: Connection

        func run() throws {
            try connection.run(ControlRequest(command: "reload")) { ($0.message ?? "ok") + "\n" }
        }
    }

    /// `grove ctl stop [--fast]`.
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the server: gracefully (like SIGTERM) or with --fast (like SIGINT).")
        @OptionGroup var connection: Connection
        @Flag(help: "Cancel in-flight work now instead of draining it.")
        var fast = false

        func run() throws {
            try connection.run(ControlRequest(command: "stop", fast: fast)) { ($0.message ?? "ok") + "\n" }
        }
    }

    /// `grove ctl scale N`.
    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the number of workers (like SIGTTIN/SIGTTOU, but absolute).")
        @OptionGroup var connection: Connection
        @Argument(help: "The number of workers wanted.")
        var count: Int

        func run() throws {
            try connection.run(ControlRequest(command: "scale", count: count)) { ($0.message ?? "ok") + "\n" }
        }
    }
}

/// Writes to standard error without Foundation's FileHandle.
enum FileHandleStandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.write(2, &bytes, bytes.count)
    }
}

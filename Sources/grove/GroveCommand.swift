import ArgumentParser
import GroveLoop

/// The demo server. Until the HTTP layer lands it answers every request on a connection with
/// a fixed "hello" response (keep-alive), straight on the runtime.
@main
struct GroveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grove",
        abstract: "Grove: a prefork server whose workers are scope-aware (demo)."
    )

    @Option(help: "The address to listen on (an IP literal or localhost).")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    func run() throws {
        let loop = try EventLoop()
        let host = self.host, port = self.port
        try loop.run {
            let listener = try TCPListener(loop: loop, host: host, port: port)
            print("grove: listening on http://\(listener.localAddress) (libuv \(EventLoop.libuvVersion))")
            await listener.serve { connection in
                await HelloResponder.serve(connection)
            }
        }
    }
}

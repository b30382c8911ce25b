import GroveHTTP
import GroveLoop
import TaskScopes

/// A worker's HTTP server on port 0 of a loop thread of its own, with its scope tree.
final class TestServer: @unchecked Sendable {
    let thread: LoopThread
    let root: TaskScope
    let server: HTTPServer
    let port: Int

    init(applications: [Application], configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
         scopeOptions: ScopeOptions = ScopeOptions()) async throws {
        let thread = try LoopThread(name: "http-test-server")
        let (root, server, port) = try await thread.submit { () -> (TaskScope, HTTPServer, Int) in
            let loop = thread.loop
            let root = TaskScope.root(name: "root", executor: loop.executor, clock: loop.clock, options: scopeOptions)
            let server = try HTTPServer(loop: loop, root: root, applications: applications, configuration: configuration)
            try await server.start()
            let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            try server.serve(listener)
            return (root, server, listener.localAddress.port!)
        }
        self.thread = thread
        self.root = root
        self.server = server
        self.port = port
    }

    /// Runs `body` with a fresh client loop.
    func withClient<T: Sendable>(_ body: @escaping @Sendable (EventLoop, Int) async throws -> T) async throws -> T {
        let clientThread = try LoopThread(name: "http-test-client")
        defer { clientThread.shutdown() }
        let port = self.port
        return try await clientThread.submit { try await body(clientThread.loop, port) }
    }

    /// Starts a graceful shutdown of the whole tree (without waiting for it).
    func beginShutdown(within limit: Duration = .seconds(10)) -> Task<ShutdownReport, Never> {
        let root = self.root
        return Task(executorPreference: thread.loop.executor) {
            await root.shutdown(cause: .signal("SIGTERM"), within: limit)
        }
    }

    /// Shuts the tree down and stops the loop thread.
    @discardableResult
    func stop(within limit: Duration = .seconds(10)) async -> ShutdownReport {
        let report = await beginShutdown(within: limit).value
        thread.shutdown()
        return report
    }
}

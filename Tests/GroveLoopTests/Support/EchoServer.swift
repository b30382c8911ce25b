import GroveLoop
import GroveTestSupport

/// An echo server on port 0 of its own loop thread, for client-side tests.
final class EchoServer: Sendable {
    let thread: LoopThread
    let port: Int
    private let listener: Locked<TCPListener?>
    private let serving: Task<Void, Never>

    init() async throws {
        let thread = try LoopThread(name: "echo-server")
        let listener = try await thread.submit { try TCPListener(loop: thread.loop, host: "127.0.0.1", port: 0) }
        self.thread = thread
        self.port = listener.localAddress.port!
        self.listener = Locked(listener)
        serving = Task(executorPreference: thread.loop.executor) {
            await listener.serve { connection in
                defer { connection.close() }
                while let bytes = try? await connection.read() {
                    do { try await connection.write(bytes) } catch { return }
                }
            }
        }
    }

    func stop() async {
        serving.cancel()
        await serving.value
        thread.shutdown()
    }
}

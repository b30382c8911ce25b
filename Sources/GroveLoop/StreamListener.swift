/// A listening socket of any family (TCP or unix) that hands out stream connections: what a
/// server's accept loop needs, whatever it listens on.
public protocol StreamListener: AnyObject, Sendable {
    /// The connections it accepts (``TCPConnection``, ``PipeConnection``).
    associatedtype Connection: StreamConnection
    /// The loop the listener lives on.
    var loop: EventLoop { get }
    /// What it listens on, for logs (`127.0.0.1:8080`, `unix:/run/grove.sock`).
    var listenerDescription: String { get }
    /// Waits for the next connection.
    func accept() async throws -> Connection
    /// Stops accepting and closes the socket.
    func close()
}

extension StreamListener {
    /// Accepts until the listener is closed or the task is cancelled, handing each connection
    /// to `body`. Running out of file descriptors does not end the loop: `onOutOfFileDescriptors`
    /// is told and accepting pauses for `fileDescriptorBackoff` instead of spinning.
    public func acceptEach(
        fileDescriptorBackoff: Duration = .milliseconds(100),
        onOutOfFileDescriptors: (LoopError) -> Void = { _ in },
        _ body: (Connection) -> Void
    ) async {
        while true {
            do {
                body(try await accept())
            } catch let error as LoopError where error.isOutOfFileDescriptors {
                onOutOfFileDescriptors(error)
                do { try await loop.clock.sleep(for: fileDescriptorBackoff) } catch { return }
            } catch {
                return
            }
        }
    }
}

extension TCPListener: StreamListener {
    /// The bound address, e.g. `127.0.0.1:8080`.
    public var listenerDescription: String { localAddress.description }
}

extension UnixListener: StreamListener {
    /// `unix:PATH`.
    public var listenerDescription: String { "unix:\(path)" }
}

/// A listening socket of any family (TCP or unix) that hands out stream connections: what a
/// server's accept loop needs, whatever it listens on.
public protocol StreamListener: AnyObject, Sendable {
    /// The loop the listener lives on.
    var loop: EventLoop { get }
    /// What it listens on, for logs (`127.0.0.1:8080`, `unix:/run/grove.sock`).
    var listenerDescription: String { get }
    /// Waits for the next connection.
    func acceptStream() async throws -> StreamConnection
    /// Stops accepting and closes the socket.
    func close()
}

extension TCPListener: StreamListener {
    /// The bound address, e.g. `127.0.0.1:8080`.
    public var listenerDescription: String { localAddress.description }
    /// Waits for the next connection (a ``TCPConnection``).
    public func acceptStream() async throws -> StreamConnection { try await accept() }
}

extension UnixListener: StreamListener {
    /// `unix:PATH`.
    public var listenerDescription: String { "unix:\(path)" }
    /// Waits for the next connection (a ``PipeConnection``).
    public func acceptStream() async throws -> StreamConnection { try await accept() }
}

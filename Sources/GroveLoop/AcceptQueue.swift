import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// The accept side of a listening stream (TCP or unix), shared by ``TCPListener`` and
/// ``UnixListener``.
///
/// libuv accepts a connection and calls back; when no task is waiting in ``accept()``, the
/// connection stays pending and libuv stops polling the listening socket until it is taken, so
/// a busy worker leaves new connections in the kernel's queue (for another worker to take).
final class AcceptQueue: @unchecked Sendable {
    let loop: EventLoop
    let server: UnsafeMutablePointer<uv_stream_t>
    /// Makes the client connection for an accepted socket (TCP or pipe).
    private let makeClient: (EventLoop) throws(LoopError) -> StreamConnection
    private let balanced: Bool
    private var waiter: UnsafeContinuation<StreamConnection, any Error>?
    private var pending = 0
    private var pendingError: LoopError?
    private(set) var isClosed = false
    private let what: String
    /// Set by ``startAccepting(_:)``: every connection goes to it from the accept callback.
    private var callbackAcceptor: ((Result<StreamConnection, LoopError>) -> Void)?

    init(loop: EventLoop, server: UnsafeMutablePointer<uv_stream_t>, balanced: Bool, what: String,
         makeClient: @escaping (EventLoop) throws(LoopError) -> StreamConnection) {
        self.loop = loop
        self.server = server
        self.balanced = balanced
        self.what = what
        self.makeClient = makeClient
        UVHandle.retain(self, in: server)
    }

    /// Starts listening; connections are taken with ``accept()``.
    func listen(backlog: Int32) throws(LoopError) {
        try check(uv_listen(server, backlog) { server, status in
            UVHandle.owner(AcceptQueue.self, of: UVHandle.base(server!)).incoming(status: status)
        }, "listen \(what)")
    }

    /// Waits for the next connection.
    func accept() async throws -> StreamConnection {
        loop.preconditionInLoop("accept")
        precondition(waiter == nil, "two tasks accept on one listener at once")
        if isClosed { throw LoopError.closed("accept on \(what)") }
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        if pending > 0 { return try take() }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: LoopError.cancelled("accept on \(what)"))
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            self.loop.executor.runOnLoop {
                self.resumeWaiter(with: .failure(LoopError.cancelled("accept on \(self.what)")))
            }
        }
    }

    private func incoming(status: Int32) {
        if status < 0 {
            let error = LoopError(code: status, operation: "accept on \(what)")
            if waiter != nil { resumeWaiter(with: .failure(error)) } else { pendingError = error }
            return
        }
        pending += 1
        if let callbackAcceptor {
            callbackAcceptor(Result { () throws(LoopError) in try take() })
            return
        }
        guard waiter != nil else { return }
        resumeWaiter(with: Result { try take() })
    }

    private func take() throws(LoopError) -> StreamConnection {
        pending -= 1
        let client = try makeClient(loop)
        let status = uv_accept(server, client.stream)
        if status < 0 {
            client.close()
            throw LoopError(code: status, operation: "accept on \(what)")
        }
        if balanced {
            // Like UV_TCP_SINGLE_ACCEPT: give other processes sharing this socket a chance.
            var pause = timespec(tv_sec: 0, tv_nsec: 1)
            nanosleep(&pause, nil)
        }
        return client
    }

    /// Hands every connection (or accept error) to `body` straight from the loop's callback,
    /// for synchronous code (the master). Do not mix with ``accept()``.
    func startAccepting(_ body: @escaping (Result<StreamConnection, LoopError>) -> Void) {
        loop.preconditionInLoop("startAccepting")
        precondition(waiter == nil, "callback accepting started while a task accepts")
        callbackAcceptor = body
        while pending > 0, !isClosed { body(Result { () throws(LoopError) in try take() }) }
        if let error = pendingError {
            pendingError = nil
            body(.failure(error))
        }
    }

    private func resumeWaiter(with result: Result<StreamConnection, any Error>) {
        guard let waiter else {
            if case .success(let client) = result { client.close() }
            return
        }
        self.waiter = nil
        waiter.resume(with: result)
    }

    /// Stops listening and closes the socket; a waiting ``accept()`` throws.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        callbackAcceptor = nil
        resumeWaiter(with: .failure(LoopError.closed("accept on \(what)")))
        UVHandle.closeHandle(server)
    }
}

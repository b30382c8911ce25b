import GroveLoop
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The master's control socket: a unix socket (mode 0600, directory 0700) on which each
/// connection sends one JSON request line and gets one JSON response line (see
/// ``ControlRequest`` and ``ControlResponse``). Every peer's credentials are checked
/// (`SO_PEERCRED`) against a ``PeerCredentialPolicy`` before anything is read.
///
/// Callback-driven on the master's loop, never async. What a request does is decided by
/// `handler`, which answers through its `respond` closure (at once, or later: `tree` waits
/// for the workers).
final class ControlServer {
    /// The most control connections open at once; more are refused at once.
    static let maximumConnections = 32
    /// The largest request line accepted.
    static let maximumRequestBytes = 64 * 1024
    /// Time a peer has to send its request and read the answer.
    static let exchangeTimeout = Duration.seconds(10)

    /// The path clients connect to.
    let path: String
    private let listener: UnixListener
    /// The path this master bound (the final path, or a temporary one until ``takeOverPath()``).
    private var boundPath: String
    private var boundInode: ino_t?
    private let policy: PeerCredentialPolicy
    private let logger: Logger
    private var exchanges: [ObjectIdentifier: OneShotExchange] = [:]

    /// Binds the socket at `path` and starts accepting.
    ///
    /// - Parameter upgrading: this master is a binary upgrade's new one: the old master still
    ///   serves `path`, so bind a temporary path next to it and take `path` over in
    ///   ``takeOverPath()`` once the new workers are ready.
    init(loop: EventLoop, path: String, upgrading: Bool, logger: Logger,
         handler: @escaping (ControlRequest, _ respond: @escaping (ControlResponse) -> Void) -> Void) throws {
        self.path = path
        self.logger = logger
        policy = PeerCredentialPolicy(masterUID: getuid())
        try ControlSocketPath.prepareDirectory(of: path)
        var bindPath = path
        switch ControlSocketPath.occupant(of: path) {
        case .none, .staleSocket:
            break
        case .liveSocket where upgrading:
            bindPath = path + ".\(getpid())"
        case .liveSocket:
            throw ControlSocketError(path, "another Grove master is serving it; give each server its own with --control-socket PATH")
        case .notASocket:
            throw ControlSocketError(path, "something that is not a socket is in the way")
        }
        let fd: Int32
        do {
            fd = try ListeningSocket.unix(path: bindPath, mode: 0o600, backlog: 16)
        } catch {
            throw ControlSocketError(bindPath, "\(error)")
        }
        boundPath = bindPath
        boundInode = ControlSocketPath.inode(of: bindPath)
        listener = try UnixListener(loop: loop, adopting: fd, backlog: 16)
        listener.startAccepting(onConnection: { [unowned self] connection in
            accepted(connection, handler: handler)
        }, onError: { [unowned self] error in
            self.logger.warning("control socket: accept failed: \(error)")
        })
    }

    /// A binary upgrade's new master is ready: moves its socket over the old master's path
    /// (atomically: clients always find one of the two masters).
    func takeOverPath() {
        guard boundPath != path else { return }
        guard rename(boundPath, path) == 0 else {
            logger.error("control socket: cannot move \(boundPath) to \(path): \(ControlSocketPath.errnoText())")
            return
        }
        boundPath = path
        logger.notice("control socket: took over \(path)")
    }

    /// Stops accepting; removes the socket file unless another master has replaced it since.
    func close() {
        listener.close()
        if let boundInode, ControlSocketPath.inode(of: boundPath) == boundInode { unlink(boundPath) }
        boundInode = nil
    }

    private func accepted(_ connection: PipeConnection,
                          handler: @escaping (ControlRequest, _ respond: @escaping (ControlResponse) -> Void) -> Void) {
        let key = ObjectIdentifier(connection)
        // Refusals are answered too (and linger until the peer reads them), but not without
        // bound: past twice the limit a connection is closed at once, unanswered, so peers
        // cannot make the master hold descriptors it needs for its workers.
        guard exchanges.count < 2 * Self.maximumConnections else {
            connection.close()
            return
        }
        let credentials = connection.peerCredentials
        let refusal = policy.refusal(peerUID: credentials?.uid, peerPID: credentials?.pid)
        let tooMany = exchanges.count >= Self.maximumConnections
        let exchange = OneShotExchange(
            connection: connection, maximumRequestBytes: Self.maximumRequestBytes, timeout: Self.exchangeTimeout,
            requestEnd: { bytes, atEOF in bytes.firstIndex(of: UInt8(ascii: "\n")) ?? (atEOF && !bytes.isEmpty ? bytes.count : nil) },
            refusal: { Array(ControlResponse.failure($0).jsonLine().utf8) },
            onRequest: { [logger] line, respond in
                let request: ControlRequest
                do {
                    request = try ControlRequest.decode(line: line)
                } catch {
                    respond(Array(ControlResponse.failure("\(error)").jsonLine().utf8))
                    return
                }
                logger.info("control: \(request.command)", metadata: ["peer.pid": "\(credentials?.pid ?? -1)"])
                handler(request) { respond(Array($0.jsonLine().utf8)) }
            },
            onFinish: { [unowned self] in exchanges[key] = nil }
        )
        guard !exchange.isFinished else { return }
        exchanges[key] = exchange
        if let refusal {
            logger.warning("control socket: refused a peer: \(refusal)")
            exchange.respondNow(Array(ControlResponse.failure(refusal).jsonLine().utf8))
        } else if tooMany {
            exchange.respondNow(Array(ControlResponse.failure("too many control connections; try again").jsonLine().utf8))
        }
    }
}

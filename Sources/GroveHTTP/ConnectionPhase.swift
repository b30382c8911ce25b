/// Where one HTTP connection stands, as the server's deadline ticker sees it. Times are the
/// loop's cached milliseconds.
enum ConnectionPhase: Equatable {
    /// Waiting for the next request; no byte of it has arrived.
    case idle(since: UInt64)
    /// Part of a request head has arrived; the head must be complete by the deadline.
    case readingHead(deadline: UInt64)
    /// A handler runs or a response is being written: no deadline from the HTTP layer.
    case handling
    /// Waiting for request body bytes the handler asked for.
    case readingBody(deadline: UInt64)
}

/// Why the ticker interrupted a connection's read.
enum ConnectionInterrupt: Equatable {
    /// Idle longer than the keep-alive timeout: close quietly.
    case idleTimeout
    /// The head did not arrive in time: answer 408 and close.
    case headerTimeout
    /// A body read waited too long: answer 408 (if nothing was sent yet) and close.
    case bodyTimeout
    /// The server drains and the connection was idle past the grace period: close quietly.
    case drain
    /// Idle past the park delay: the connection's task ends and the connection waits for its
    /// next request without one (see `HTTPConnectionHandler.park()`).
    case park

    /// What the ticker decides for a connection in `phase` at `now`.
    static func due(
        phase: ConnectionPhase,
        now: UInt64,
        draining: Bool,
        idleTimeout: UInt64,
        drainGrace: UInt64,
        parkAfter: UInt64 = .max
    ) -> ConnectionInterrupt? {
        switch phase {
        case .idle(let since):
            if draining, now &- since >= drainGrace { return .drain }
            if now &- since >= idleTimeout { return .idleTimeout }
            return !draining && now &- since >= parkAfter ? .park : nil
        case .readingHead(let deadline):
            return now >= deadline ? .headerTimeout : nil
        case .readingBody(let deadline):
            return now >= deadline ? .bodyTimeout : nil
        case .handling:
            return nil
        }
    }
}

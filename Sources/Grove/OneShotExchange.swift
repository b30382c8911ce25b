import GroveLoop

/// One request, one response, then close — on a connection the synchronous master accepted
/// (control socket, admin listener), driven by loop callbacks only.
///
/// The request is read until `requestEnd` finds its end, with at most `maximumRequestBytes`
/// and within `timeout`; past either limit the peer gets `refusal(reason)` and the connection
/// closes. A slow or hostile peer therefore costs the master one small buffer and one timer
/// for at most `timeout`, and never blocks it.
///
/// After the response the connection is half-closed and lingers, discarding input, until the
/// peer closes (or the timeout): closing a socket with unread input would reset it, and the
/// peer could lose the response (e.g. a refusal sent before its request was read).
final class OneShotExchange {
    private let connection: StreamConnection
    private let maximumRequestBytes: Int
    private let requestEnd: ([UInt8], _ atEOF: Bool) -> Int?
    private let refusal: (String) -> [UInt8]
    private let onRequest: (ArraySlice<UInt8>, _ respond: @escaping ([UInt8]) -> Void) -> Void
    private let onFinish: () -> Void
    private var buffer: [UInt8] = []
    private var timer: LoopTimer?
    private var state = State.reading

    private enum State { case reading, handling, writing, lingering, closed }
    /// Input discarded while lingering, at most.
    private static let lingerLimit = 1 << 20
    private var discarded = 0
    /// The peer sent EOF (or the read failed): nothing to linger for.
    private var peerDone = false

    /// Starts reading `connection`; `onFinish` is called once the connection is closed.
    init(connection: StreamConnection, maximumRequestBytes: Int, timeout: Duration,
         requestEnd: @escaping ([UInt8], _ atEOF: Bool) -> Int?,
         refusal: @escaping (String) -> [UInt8],
         onRequest: @escaping (ArraySlice<UInt8>, _ respond: @escaping ([UInt8]) -> Void) -> Void,
         onFinish: @escaping () -> Void) {
        self.connection = connection
        self.maximumRequestBytes = maximumRequestBytes
        self.requestEnd = requestEnd
        self.refusal = refusal
        self.onRequest = onRequest
        self.onFinish = onFinish
        do {
            let timer = try LoopTimer(loop: connection.loop)
            self.timer = timer
            timer.start(after: timeout) { [self] in
                if state == .reading { refuse("timed out waiting for the request") } else { finish() }
            }
        } catch {
            // No timer, no exchange: a peer that never sends would hold the connection for ever.
            connection.close()
            state = .closed
            return
        }
        // Strong captures: the cycle connection → callbacks → self ends in finish().
        connection.startReading(onBytes: { [self] bytes in
            if state == .lingering {
                discarded += bytes.count
                if discarded > Self.lingerLimit { finish() }
            } else {
                received(Array(bytes), atEOF: false)
            }
        }, onEnd: { [self] error in
            peerDone = true
            switch state {
            case .reading: if error == nil { received([], atEOF: true) } else { finish() }
            case .lingering: finish()
            case .handling, .writing, .closed: break
            }
        })
    }

    /// True once the connection is closed (``init`` may close it at once when no timer can be made).
    var isFinished: Bool { state == .closed }

    /// Answers `bytes` right away, without reading a request (e.g. a refused peer).
    func respondNow(_ bytes: [UInt8]) {
        guard state == .reading else { return }
        write(bytes)
    }

    private func received(_ bytes: [UInt8], atEOF: Bool) {
        guard state == .reading else { return }
        buffer += bytes
        if let end = requestEnd(buffer, atEOF) {
            state = .handling
            onRequest(buffer[..<end]) { [self] response in write(response) }
        } else if buffer.count > maximumRequestBytes {
            refuse("request larger than \(maximumRequestBytes) bytes")
        } else if atEOF {
            refuse("the connection closed before a complete request")
        }
    }

    private func refuse(_ reason: String) {
        write(refusal(reason))
    }

    private func write(_ bytes: [UInt8]) {
        guard state == .reading || state == .handling else { return }
        state = .writing
        do {
            try connection.writeNow(bytes) { [self] error in
                guard error == nil, state == .writing, !peerDone, connection.shutdownWriteNow() else { return finish() }
                state = .lingering
            }
        } catch {
            finish()
        }
    }

    private func finish() {
        guard state != .closed else { return }
        state = .closed
        timer?.close()
        timer = nil
        connection.close()
        onFinish()
    }
}

import GroveHTTPParser
import GroveLoop
import HTTPTypes
import TaskScopes

/// Serves HTTP/1.x requests on one connection, one after another (pipelined requests are
/// answered in order), until the client closes, an error, a timeout or a drain ends it.
///
/// A connection has no task while its requests need none (see ``serveWithoutTask()``). Once one
/// does, a task serves the connection: the handler of each request runs inline in it — no task
/// per request — registered in its application's `handlers` scope so that scope counts it, can
/// cancel it and reports it when it is stuck. Everything runs on the worker's loop thread.
final class HTTPConnectionHandler: RequestBodySource, @unchecked Sendable {
    let connection: StreamConnection
    /// Strong: the core's registry drops the handler when the connection ends (no cycle left).
    let core: HTTPServerCore
    @exclusivity(unchecked) var parser: HTTPRequestParser
    /// Where responses are encoded before they are written.
    @exclusivity(unchecked) var output = OutputBuffer()
    /// The number of the request being handled (bodies check it).
    @exclusivity(unchecked) var sequence = 0
    @exclusivity(unchecked) var body = BodyProgress.finished
    /// Where the connection stands, for the deadline ticker.
    @exclusivity(unchecked) var phase: ConnectionPhase
    /// An interrupt the ticker decided while no read was pending.
    @exclusivity(unchecked) var pendingInterrupt: ConnectionInterrupt?
    /// The connection has no task: it is served from the loop's callbacks (see
    /// ``serveWithoutTask()``), and parked connections wait this way.
    @exclusivity(unchecked) var isParked = false
    /// Index in the core's registry (kept by the registry).
    @exclusivity(unchecked) var registryIndex = -1
    /// The peer's address for the access log, once looked up.
    var peerDescription: String?
    /// Registers each request in its application's `handlers` scope (set while serving).
    @exclusivity(unchecked) private var site: AdoptionSite?
    /// What a wait without a task calls when bytes arrive or the connection ends; made once per
    /// connection, so that waiting between requests allocates nothing.
    lazy var onReadableWithoutTask: (Result<Bool, LoopError>) -> Void = {
        [unowned self] result in readableWithoutTask(result)
    }

    enum BodyProgress: Equatable {
        /// The head asked for `100 Continue` and it was not sent yet.
        case awaitingContinue
        case reading
        case finished
        case failed
    }

    init(connection: StreamConnection, core: HTTPServerCore) {
        self.connection = connection
        self.core = core
        parser = HTTPRequestParser(limits: core.configuration.parserLimits)
        phase = .idle(since: connection.loopMilliseconds)
    }

    /// Serves requests in the calling task, starting with `first` if given, until the
    /// connection is done and closes it, or until it idled past the park delay and parks it.
    func serve(startingWith first: TaskStart? = nil) async {
        var parking = false
        defer {
            if !parking {
                core.unregister(self)
                connection.close()
            }
        }
        do {
            try await connection.withCancellableReads {
                try await TaskScope.withAdoptionSite { site in
                    self.site = site
                    defer { self.site = nil }
                    if let first {
                        guard try await handle(first) else { return }
                    }
                    while try await serveNextRequest() {}
                }
            }
        } catch let interrupt as Interrupted {
            if interrupt.reason == .park {
                parking = true
                park()
            } else if interrupt.reason == .headerTimeout {
                await sendError(HTTPError(.requestTimeout, "request head not received in time"))
            }
        } catch {
            // The peer went away or the task was cancelled: nothing more to say.
        }
    }

    /// Reads and answers one request; false when the connection should close. Inlined into
    /// the connection's loop: no async frame and executor check per request.
    @inline(__always)
    private func serveNextRequest() async throws -> Bool {
        while true {
            let result = connection.withReadableBytes { parser.parse($0) }
            switch result.event {
            case .needMore:
                connection.consume(result.consumed)
                if case .idle = phase, connection.readableBytes > 0 {
                    phase = .readingHead(deadline: deadline(core.headerTimeout))
                }
                guard try await readMore() else { return false }
                if case .idle = phase {
                    phase = .readingHead(deadline: deadline(core.headerTimeout))
                }
            case .head(let head):
                connection.consume(result.consumed)
                return try await handle(.request(RoutedHead(head: head, route: core.route(head))))
            case .error(let error):
                connection.consume(result.consumed)
                await sendError(HTTPError(HTTPResponse.Status(code: error.status), error.reason))
                return false
            case .body, .end:
                preconditionFailure("body event outside a request")
            }
        }
    }

    /// Answers a request (or delivers an answer); false when the connection should close.
    @inline(__always)
    private func handle(_ start: TaskStart) async throws -> Bool {
        phase = .handling
        let keepAlive = switch start {
        case .request(let routed): try await respond(to: routed.head, route: routed.route)
        case .answered(let answered): try await deliver(answered)
        }
        phase = .idle(since: connection.loopMilliseconds)
        return keepAlive && !core.isDraining
    }

    /// Runs the handler for `head`, then ``deliver(_:)``s its response.
    @inline(__always)
    private func respond(to head: HTTPRequestHead, route: HTTPServerCore.RouteResult) async throws -> Bool {
        sequence &+= 1
        body = head.expectContinue ? .awaitingContinue : .reading
        if head.framing == .none { finishBodilessRequest() }
        let requestBody = head.framing == .none
            ? RequestBody.empty
            : RequestBody(source: self, sequence: sequence, expectedLength: head.framing.expectedLength)
        let (request, handler) = route.request(for: head, body: requestBody)
        let startedAt = core.accessLog == nil ? 0 : core.loop.iterationNanoseconds
        let response = await core.run(handler, for: request, site: site)
        return try await deliver(Answered(head: head, response: response, application: request.application, startedAt: startedAt))
    }

    /// Writes a handler's response, logs it, and skips whatever body the handler left; false
    /// when the connection should close.
    @inline(__always)
    private func deliver(_ answered: Answered) async throws -> Bool {
        let head = answered.head
        let unreadContinue = body == .awaitingContinue
        var close = !head.keepAlive || core.isDraining || unreadContinue || body == .failed
        let isHead = head.isHeadMethod
        try await write(answered.response, suppressBody: isHead, version: head.version, close: &close)
        if let accessLog = core.accessLog {
            recordAccess(accessLog, head: head, response: answered.response, bodySent: !isHead,
                         application: answered.application, startedAt: answered.startedAt)
        }
        if !close, body != .finished {
            close = try await !discardRestOfBody()
        }
        return !close
    }

    // MARK: Body

    /// A request without a body ends right after its head: take the parser's `end` event now,
    /// without a trip through the asynchronous body reader.
    func finishBodilessRequest() {
        body = parser.finishBodilessMessage() ? .finished : .failed
    }

    func nextBodyChunk(of sequence: Int) async throws -> [UInt8]? {
        guard sequence == self.sequence else { return nil }
        switch body {
        case .finished: return nil
        case .failed: throw HTTPError(.badRequest, "the request body could not be read")
        case .awaitingContinue:
            body = .reading
            try await connection.write(Self.continueResponse)
        case .reading: break
        }
        while true {
            let (result, bytes) = connection.withReadableBytes { raw -> (HTTPParseResult, [UInt8]?) in
                let result = parser.parse(raw)
                if case .body(let range) = result.event { return (result, Array(raw[range])) }
                return (result, nil)
            }
            connection.consume(result.consumed)
            switch result.event {
            case .body:
                phase = .handling
                return bytes
            case .end:
                phase = .handling
                body = .finished
                return nil
            case .needMore:
                phase = .readingBody(deadline: deadline(core.bodyTimeout))
                do {
                    guard try await readMore() else {
                        body = .failed
                        throw HTTPError(.badRequest, "the client closed the connection in the middle of the body")
                    }
                } catch let interrupt as Interrupted where interrupt.reason == .bodyTimeout {
                    body = .failed
                    throw HTTPError(.requestTimeout, "request body not received in time")
                }
            case .error(let error):
                body = .failed
                throw HTTPError(HTTPResponse.Status(code: error.status), error.reason)
            case .head:
                preconditionFailure("head event inside a body")
            }
        }
    }

    /// Reads and drops what the handler left of the body; false when it is too long to bother
    /// or unreadable (the connection then closes).
    private func discardRestOfBody() async throws -> Bool {
        var discarded = 0
        if body == .awaitingContinue { return false }
        while body == .reading {
            guard let piece = try? await nextBodyChunk(of: sequence) else { return body == .finished }
            discarded += piece.count
            if discarded > core.configuration.maxDiscardedBodyBytes { return false }
        }
        return body == .finished
    }

    // MARK: Reading

    /// Waits for more bytes; throws ``Interrupted`` when the ticker ended the wait.
    @inline(__always)
    private func readMore() async throws -> Bool {
        if let reason = pendingInterrupt {
            pendingInterrupt = nil
            throw Interrupted(reason: reason)
        }
        do {
            return try await connection.readMoreWithoutHandler()
        } catch let error as LoopError where error.isTimeout {
            throw Interrupted(reason: pendingInterrupt ?? .idleTimeout)
        }
    }

    /// Called by the ticker: ends a pending read (or the next one) for `reason`.
    func interrupt(_ reason: ConnectionInterrupt) {
        if isParked {
            switch reason {
            case .park: break
            case .headerTimeout: timeOutHeadWithoutTask()
            // Idle timeout or drain: close quietly, as a waiting task would have.
            case .idleTimeout, .drain, .bodyTimeout: closeParked()
            }
            return
        }
        // Only a task waiting for the next request parks.
        if reason == .park, !connection.isReadPending { return }
        pendingInterrupt = reason
        if connection.isReadPending {
            connection.interruptRead(with: .timedOut("http \(reason)"))
        }
    }

    func deadline(_ milliseconds: UInt64) -> UInt64 {
        connection.loopMilliseconds &+ milliseconds
    }

    /// A read ended by the ticker.
    struct Interrupted: Error {
        let reason: ConnectionInterrupt
    }

    // MARK: Writing

    @inline(__always)
    private func write(_ response: Response, suppressBody: Bool, version: HTTPVersion, close: inout Bool) async throws {
        output.removeAll()
        switch response.body {
        case .empty:
            _ = encodeFixedHead(response, bodyCount: 0, suppressBody: suppressBody, version: version, close: close)
            try await send()
        case .bytes(let bytes):
            let sendsBody = encodeFixedHead(response, bodyCount: bytes.count, suppressBody: suppressBody, version: version,
                                            close: close)
            try await send(body: sendsBody ? bytes : [])
        case .stream(let produce):
            // HTTP/1.0 has no chunked coding: the body then ends when the connection closes.
            let chunked = version == .http1_1
            if !chunked { close = true }
            let connectionHeader = ConnectionHeader.for(closing: close, http10: version == .http1_0)
            core.withDateField { date in
                core.encoder.encode(response, framing: chunked ? .chunked : .none, connection: connectionHeader,
                                    dateField: date, into: &output)
            }
            try await send()
            let connection = self.connection
            let writer = ResponseBodyWriter(suppressBody: suppressBody, chunked: chunked) { try await connection.write($0) }
            do {
                try await produce(writer)
            } catch {
                // The head is out: the only way to tell the client is to cut the connection.
                core.reportStreamFailure(error)
                close = true
                return
            }
            if chunked, !suppressBody { try await connection.write(ResponseBodyWriter.lastChunk) }
        }
    }

    /// Appends to `output` the head of a response whose body is known in full (`bodyCount`
    /// bytes, 0 for ``ResponseBody/empty``); returns whether the body is sent after it — it is
    /// not for `HEAD`, 1xx, 204 and 304.
    @inline(__always)
    func encodeFixedHead(_ response: Response, bodyCount: Int, suppressBody: Bool, version: HTTPVersion, close: Bool) -> Bool {
        let status = response.status
        let code = status.code
        let bodyless = code < 200 || code == 204 || code == 304
        core.withDateField { date in
            core.encoder.encode(response, framing: bodyless ? .none : .contentLength(bodyCount),
                                connection: .for(closing: close, http10: version == .http1_0), dateField: date,
                                into: &output)
        }
        return !(suppressBody || bodyless)
    }

    /// Writes what `output` holds and then `body`; suspends only when the kernel did not take
    /// them at once (the rest is copied, so `output` may change meanwhile).
    @inline(__always)
    private func send(body: [UInt8] = []) async throws {
        let rest = try body.withUnsafeBytes { try connection.writeWithoutWaiting(output.bytes, $0) }
        if let rest { try await connection.finish(rest) }
    }

    /// Answers an error before (or instead of) any handler, then the connection closes.
    private func sendError(_ error: HTTPError) async {
        output.removeAll()
        let body = encodeErrorHead(error)
        try? await send(body: body)
    }

    /// Appends to `output` the head of the answer to an error before (or instead of) any
    /// handler, with `Connection: close`, and reports the answer; returns its body.
    func encodeErrorHead(_ error: HTTPError) -> [UInt8] {
        let bytes = Array(error.message.utf8)
        let head = HTTPResponse(status: error.status, headerFields: [.contentType: "text/plain; charset=utf-8"])
        core.withDateField { date in
            core.encoder.encode(head, status: error.status, framing: .contentLength(bytes.count), connection: .close,
                                dateField: date, into: &output)
        }
        recordServerAnswer(status: error.status.code, responseBytes: bytes.count)
        return bytes
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}

extension HTTPBodyFraming {
    /// The announced length, nil for chunked.
    var expectedLength: Int? {
        switch self {
        case .none: 0
        case .contentLength(let length): length
        case .chunked: nil
        }
    }
}

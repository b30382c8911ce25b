import GroveHTTPParser
import GroveLoop
import HTTPTypes
import TaskScopes

/// What a connection's new task does first, before it reads the next request.
enum TaskStart {
    /// Answer a request whose head was read and routed without a task.
    case request(RoutedHead)
    /// Deliver an answer an immediate handler gave whose body only a task can write (a stream).
    case answered(Answered)
}

/// A request head and what routing found for it.
struct RoutedHead {
    let head: HTTPRequestHead
    let route: HTTPServerCore.RouteResult
}

/// A handler's response, ready to be written.
struct Answered {
    let head: HTTPRequestHead
    let response: Response
    let application: ApplicationScopes?
    /// When handling started (monotonic nanoseconds; the loop's ``EventLoop/iterationNanoseconds``,
    /// as for the duration metric), for the access log; 0 without one.
    let startedAt: UInt64
}

/// Serving without a task.
///
/// A connection starts without a task, and goes back to having none when it parks. Bytes that
/// arrive are parsed right in the loop's read callback; requests without a body for immediate
/// routes (``Router/immediate(_:_:_:)``), probes and routing errors are answered there, and the
/// answers to requests that arrived together are written with one system call. The first
/// request that needs more — an asynchronous handler, a body to read, `100-continue`, a streamed
/// response — gets a task in the `connections` scope, which serves on as before.
extension HTTPConnectionHandler {
    /// Starts serving a newly accepted connection: without a task until a request needs one.
    func start() {
        core.register(self)
        try? (connection as? TCPConnection)?.setNoDelay()
        waitWithoutTask(onlyNewBytes: false)
    }

    /// Waits for bytes with no task: serves them when they arrive, closes at EOF or error.
    /// With `onlyNewBytes`, bytes already buffered (part of a head) do not count.
    func waitWithoutTask(onlyNewBytes: Bool) {
        isParked = true
        if connection.keepsReadableNotification {
            connection.notifyAgainWhenReadable(onlyNewBytes: onlyNewBytes)
        } else {
            connection.notifyWhenReadable(onlyNewBytes: onlyNewBytes, onReadableWithoutTask)
        }
    }

    /// Serves the bytes that arrived, or closes at EOF or error (``onReadableWithoutTask``).
    func readableWithoutTask(_ result: Result<Bool, LoopError>) {
        guard isParked else { return }
        switch result {
        case .success(true): serveWithoutTask()
        case .success(false), .failure: closeParked()
        }
    }

    /// Answers every buffered request that needs no task; then waits for more bytes, for the
    /// socket to take the answers, or hands the connection to a new task.
    func serveWithoutTask() {
        guard isParked, !connection.isClosed, !connection.hasPendingWrites else { return }
        var batchFull = true
        while batchFull {
            output.removeAll()
            let (close, handOff) = answerBufferedRequests()
            guard flushWithoutTask(thenClose: close), !close else { return }
            if let handOff { return startTask(with: handOff) }
            if connection.hasPendingWrites { return }  // the write's completion serves on
            batchFull = output.count >= Self.batchLimit
            output.shrink(above: Self.batchLimit)
        }
        waitWithoutTask(onlyNewBytes: true)
    }

    /// Parses the buffered bytes and answers, into `output`, every request that needs no task,
    /// until the bytes run out, the batch is full, the connection must close (`close`) or a
    /// request needs a task (`handOff`).
    private func answerBufferedRequests() -> (close: Bool, handOff: TaskStart?) {
        var close = false
        // Set once a request was answered here: the parser then awaits the next head.
        var answeredOne = false
        while true {
            // No bytes while a head is awaited: the parser could only say `needMore`.
            let result = connection.readableBytes == 0 && (answeredOne || parser.isReadingHead)
                ? HTTPParseResult(.needMore, consumed: 0)
                : connection.withReadableBytes { parser.parse($0) }
            if result.consumed > 0 { connection.consume(result.consumed) }
            switch result.event {
            case .needMore:
                if connection.readableBytes == 0 {
                    phase = .idle(since: connection.loopMilliseconds)
                } else if case .readingHead = phase {
                    // The deadline of a head still arriving stands.
                } else {
                    phase = .readingHead(deadline: deadline(core.headerTimeout))
                }
                return (false, nil)
            case .head(let head):
                phase = .handling
                let route = core.route(head)
                guard head.framing.expectedLength == 0, !head.expectContinue, route.isImmediate else {
                    return (false, .request(RoutedHead(head: head, route: route)))
                }
                if let streamed = answerImmediately(head, route: route, close: &close) {
                    return (false, .answered(streamed))
                }
                // The next request's head gets a deadline of its own.
                phase = .idle(since: connection.loopMilliseconds)
                answeredOne = true
                if close || output.count >= Self.batchLimit { return (close, nil) }
            case .error(let error):
                let body = encodeErrorHead(HTTPError(HTTPResponse.Status(code: error.status), error.reason))
                output.append(array: body)
                return (true, nil)
            case .body, .end:
                preconditionFailure("body event outside a request")
            }
        }
    }

    /// The most response bytes batched before they are written.
    static let batchLimit = 64 * 1024

    /// Runs an immediate handler for `head` and appends its answer to `output`; returns the
    /// answer instead when its body is a stream (a task must write it). Sets `close` when the
    /// connection must close after it.
    private func answerImmediately(_ head: HTTPRequestHead, route: consuming HTTPServerCore.RouteResult, close: inout Bool) -> Answered? {
        sequence &+= 1
        finishBodilessRequest()
        let (request, handler) = route.request(for: head, body: .empty)
        guard case .immediate(let immediate) = handler else { preconditionFailure("not an immediate route") }
        let accessLog = core.accessLog
        let startedAt = accessLog == nil ? 0 : core.loop.iterationNanoseconds
        let response = core.runImmediate(immediate, for: request)
        let isHead = head.isHeadMethod
        close = !head.keepAlive || core.isDraining || body == .failed
        switch response.body {
        case .empty:
            _ = encodeFixedHead(response, bodyCount: 0, suppressBody: isHead, version: head.version, close: close)
        case .bytes(let bytes):
            if encodeFixedHead(response, bodyCount: bytes.count, suppressBody: isHead, version: head.version, close: close) {
                output.append(array: bytes)
            }
        case .stream:
            close = false
            return Answered(head: head, response: response, application: request.application, startedAt: startedAt)
        }
        if let accessLog {
            recordAccess(accessLog, head: head, response: response, bodySent: !isHead,
                         application: request.application, startedAt: startedAt)
        }
        return nil
    }

    /// Writes what `output` holds; false when the connection is closed now (it failed, or
    /// `thenClose` and everything was written). When the socket does not take it all, the rest
    /// is queued and serving (or closing, with `thenClose`) resumes once it was written.
    private func flushWithoutTask(thenClose: Bool) -> Bool {
        let pending: PendingWrite?
        do {
            pending = try connection.writeWithoutWaiting(output.bytes)
        } catch {
            closeParked()
            return false
        }
        guard let pending else {
            if thenClose { closeParked() }
            return !thenClose
        }
        let resumed = phase
        phase = .handling
        // Strong: libuv calls back even when the connection is closed first (ECANCELED), and the
        // registry may have dropped the handler by then.
        connection.finish(pending) { [self] error in
            // A task that took over meanwhile sees a failed write itself.
            guard isParked else { return }
            if error != nil || thenClose {
                closeParked()
            } else {
                phase = resumed
                output.shrink(above: Self.batchLimit)
                serveWithoutTask()
            }
        }
        return true
    }

    /// Hands the connection to a new task in the `connections` scope, which starts with `start`.
    private func startTask(with start: TaskStart) {
        isParked = false
        connection.cancelReadableNotification()
        guard let scope = core.connectionsScope else { return closeParked() }
        do {
            // The connection was accepted before any drain: its request is served during one.
            try scope.spawn(name: "connection", acceptedUpstream: true) { await self.serve(startingWith: start) }
        } catch {
            // The connections scope is in its forced phase: nobody may serve it any more.
            closeParked()
        }
    }

    /// Answers a head that did not arrive in time with 408 and closes, without a task.
    func timeOutHeadWithoutTask() {
        guard !connection.hasPendingWrites else { return closeParked() }
        // An EOF now must not close the connection under the 408.
        connection.cancelReadableNotification()
        output.removeAll()
        let body = encodeErrorHead(HTTPError(.requestTimeout, "request head not received in time"))
        output.append(array: body)
        _ = flushWithoutTask(thenClose: true)
    }
}

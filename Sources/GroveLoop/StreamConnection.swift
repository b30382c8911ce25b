import CLibUV

/// A connected byte stream on an ``EventLoop``: the common part of ``TCPConnection`` and
/// ``PipeConnection``.
///
/// Reading: received bytes collect in a buffer owned by the connection (taken from the loop's
/// pool only while bytes are unread). ``readMore()`` waits for more bytes,
/// ``withReadableBytes(_:)`` lends them in place, ``consume(_:)`` drops what was used. When the
/// buffer reaches ``maxBufferedBytes`` the connection stops reading from the socket until the
/// consumer catches up (backpressure to the peer).
///
/// Writing: ``write(_:)`` writes straight to the socket when the kernel takes everything, and
/// otherwise suspends until the rest has been written (backpressure to the writer).
///
/// A connection belongs to its loop: use it only from tasks running on the loop's executor.
/// Always ``close()`` it: an open connection keeps itself alive.
public class StreamConnection: @unchecked Sendable {
    /// The loop the connection lives on.
    public let loop: EventLoop
    let stream: UnsafeMutablePointer<uv_stream_t>
    /// The most bytes buffered before reading from the socket pauses (default 64 KiB).
    @exclusivity(unchecked) public var maxBufferedBytes = 64 * 1024
    @exclusivity(unchecked) @usableFromInline final var buffer = ReadBuffer()
    @exclusivity(unchecked) private var readState = ReadState.stopped
    @exclusivity(unchecked) private var readWaiter: UnsafeContinuation<Bool, any Error>?
    @exclusivity(unchecked) @usableFromInline final var pendingWrites = 0
    /// Set when the task inside ``withCancellableReads(isolation:_:)`` was cancelled.
    @exclusivity(unchecked) private var readsCancelled = false
    /// Counts ``withCancellableReads(isolation:_:)`` scopes, so that a late cancellation of one
    /// task cannot cancel the reads of the next task serving this connection.
    @exclusivity(unchecked) private var cancellableReadsEpoch: UInt64 = 0
    /// True once ``close()`` was called or the loop closed the handle.
    @exclusivity(unchecked) public private(set) var isClosed = false
    /// The socket's descriptor once looked up (see ``fileDescriptor``); -1 before.
    @exclusivity(unchecked) private var knownDescriptor: Int32 = -1

    enum ReadState: Equatable {
        /// Not reading from the socket: nobody asked yet.
        case stopped
        case reading
        /// Not reading from the socket because the buffer is full.
        case paused
        /// The peer sent EOF.
        case eof
        case failed(LoopError)
    }

    /// Wraps an initialised stream handle; retains `self` in the handle.
    init(loop: EventLoop, stream: UnsafeMutablePointer<uv_stream_t>) {
        self.loop = loop
        self.stream = stream
        UVHandle.retain(self, in: stream)
    }

    // MARK: Reading

    /// The number of received bytes not consumed yet.
    @inlinable
    public final var readableBytes: Int { buffer.readableBytes }

    /// The socket's descriptor (looked up once).
    final var fileDescriptor: Int32 {
        if knownDescriptor < 0 {
            var fd: uv_os_fd_t = -1
            if uv_fileno(UVHandle.base(stream), &fd) == 0 { knownDescriptor = fd }
        }
        return knownDescriptor
    }

    /// The loop's cached time (``EventLoop/cachedMilliseconds``), read without retaining the loop.
    public final var loopMilliseconds: UInt64 { loop.cachedMilliseconds }

    /// Lends the unread bytes, in place. The pointer is valid only inside `body`.
    @inlinable
    public final func withReadableBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(buffer.readable)
    }

    /// Drops the first `count` unread bytes.
    public final func consume(_ count: Int) {
        buffer.consume(count, pool: loop.readBufferPool)
        if readState == .paused, buffer.readableBytes < maxBufferedBytes {
            startReading()  // the consumer made room: listen again
        }
    }

    /// Waits until more bytes than are unread now have arrived.
    ///
    /// Returns false when the peer closed its side (EOF) and nothing more will come. Throws a
    /// ``LoopError``: when the connection failed or was closed, when the buffer is full at
    /// ``maxBufferedBytes`` (`ENOBUFS`: consume first), or, when the task is cancelled, with
    /// ``LoopError/isCancellation`` set. Cancellation leaves the connection usable.
    public final func readMore() async throws -> Bool {
        if let known = try prepareRead() { return known }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: LoopError.cancelled("read"))
                } else {
                    readWaiter = continuation
                }
            }
        } onCancel: {
            self.loop.executor.runOnLoop { self.resumeReader(with: .failure(LoopError.cancelled("read"))) }
        }
    }

    /// The checks before a read waits: the result when it is known without waiting (EOF), nil
    /// when the caller must wait; throws when the read cannot wait.
    @usableFromInline
    final func prepareRead() throws -> Bool? {
        loop.preconditionInLoop("StreamConnection.readMore")
        precondition(readWaiter == nil, "two tasks read from one connection at once")
        switch readState {
        case .eof: return false
        case .failed(let error): throw error
        case .stopped, .reading, .paused: break
        }
        if isClosed { throw LoopError.closed("read") }
        // Inside `withCancellableReads` the task's cancellation handler sets the flag on the loop
        // and ends a read parked before that; plain `readMore()` checks the task itself.
        if readsCancelled { throw LoopError.cancelled("read") }
        if buffer.readableBytes >= maxBufferedBytes {
            throw LoopError(code: UV_ENOBUFS.rawValue, operation: "read: buffer full at \(maxBufferedBytes) bytes")
        }
        startReading()
        if case .failed(let error) = readState { throw error }
        return nil
    }

    /// Makes `continuation` the waiting reader (after ``prepareRead()`` returned nil).
    @usableFromInline
    final func park(_ continuation: UnsafeContinuation<Bool, any Error>) {
        readWaiter = continuation
    }

    /// Starts a ``withCancellableReads(isolation:_:)`` scope for the task now reading: reads are
    /// not cancelled (whatever an earlier task's cancellation did); returns the scope's number.
    final func beginCancellableReads() -> UInt64 {
        cancellableReadsEpoch &+= 1
        readsCancelled = false
        return cancellableReadsEpoch
    }

    /// Ends the pending read, and every later one, as cancelled (see ``withCancellableReads(isolation:_:)``),
    /// if the scope numbered `epoch` is still the current one.
    final func cancelReads(epoch: UInt64) {
        guard epoch == cancellableReadsEpoch else { return }
        readsCancelled = true
        resumeReader(with: .failure(LoopError.cancelled("read")))
    }

    /// Ends a pending ``readMore()`` with `error` (e.g. a timeout noticed by a timer); does
    /// nothing when no task is waiting. The connection stays open.
    public final func interruptRead(with error: LoopError) {
        loop.preconditionInLoop("StreamConnection.interruptRead")
        resumeReader(with: .failure(error))
    }

    /// True while a task waits in ``readMore()``.
    public final var isReadPending: Bool { readWaiter != nil }

    /// Reads whatever arrives next (at most `maxBytes`) as an array; nil at EOF. Convenient
    /// for small protocols and tests; servers should parse in place with
    /// ``withReadableBytes(_:)``.
    public final func read(maxBytes: Int = .max) async throws -> [UInt8]? {
        if buffer.readableBytes == 0, try await !readMore() { return nil }
        let bytes = withReadableBytes { Array($0.prefix(maxBytes)) }
        consume(bytes.count)
        return bytes
    }

    /// Delivers received bytes to `onBytes` straight from loop callbacks, for synchronous code
    /// (the master); `onEnd` is called once, with nil at EOF or with the error. Everything
    /// delivered counts as consumed. Do not mix with ``readMore()``.
    public final func startReading(onBytes: @escaping (UnsafeRawBufferPointer) -> Void, onEnd: @escaping (LoopError?) -> Void) {
        loop.preconditionInLoop("StreamConnection.startReading")
        precondition(readWaiter == nil, "callback reading started while a task reads")
        callbackReader = (onBytes, onEnd)
        startReading()
        if case .failed(let error) = readState { finishCallbackReading(error) }
    }

    @exclusivity(unchecked) private var callbackReader: (onBytes: (UnsafeRawBufferPointer) -> Void, onEnd: (LoopError?) -> Void)?

    /// Calls `notify` once, on the loop, when bytes arrive (`true`; they stay unread for
    /// ``withReadableBytes(_:)`` and ``readMore()``), at EOF (`false`) or when reading fails —
    /// with no task waiting. A server parks an idle keep-alive connection this way: it then
    /// holds neither a task nor a read buffer. Cancelled by ``cancelReadableNotification()`` and
    /// ``close()``; do not mix with a pending ``readMore()``. The connection keeps `notify`
    /// after calling it, for ``notifyAgainWhenReadable(onlyNewBytes:)``.
    ///
    /// - Parameters:
    ///   - onlyNewBytes: Wait for bytes beyond those unread now (the unread ones are an
    ///     incomplete message); otherwise unread bytes notify at once.
    ///   - notify: Called with the outcome, possibly before this method returns.
    public final func notifyWhenReadable(onlyNewBytes: Bool = false, _ notify: @escaping (Result<Bool, LoopError>) -> Void) {
        loop.preconditionInLoop("StreamConnection.notifyWhenReadable")
        readableNotifier = notify
        armReadableNotification(onlyNewBytes: onlyNewBytes)
    }

    /// Whether a notification given to ``notifyWhenReadable(onlyNewBytes:_:)`` is kept, so that
    /// ``notifyAgainWhenReadable(onlyNewBytes:)`` may be called.
    public final var keepsReadableNotification: Bool { readableNotifier != nil }

    /// ``notifyWhenReadable(onlyNewBytes:_:)`` with the notification given last, which the
    /// connection kept: waiting again costs no copy of a closure.
    public final func notifyAgainWhenReadable(onlyNewBytes: Bool) {
        loop.preconditionInLoop("StreamConnection.notifyAgainWhenReadable")
        precondition(readableNotifier != nil, "no readable notification to ask again for")
        armReadableNotification(onlyNewBytes: onlyNewBytes)
    }

    /// Forgets the notification ``notifyWhenReadable(_:)`` asked for.
    public final func cancelReadableNotification() {
        readableNotifier = nil
        readableNotificationArmed = false
    }

    /// The notification of ``notifyWhenReadable(onlyNewBytes:_:)``, kept until cancelled.
    @exclusivity(unchecked) private var readableNotifier: ((Result<Bool, LoopError>) -> Void)?
    /// Whether `readableNotifier` is to be called when bytes arrive (once; then it is disarmed).
    @exclusivity(unchecked) private var readableNotificationArmed = false

    private final func armReadableNotification(onlyNewBytes: Bool) {
        precondition(readWaiter == nil, "readable notification asked while a task reads")
        readableNotificationArmed = true
        if isClosed { return notifyReadable(.failure(LoopError.closed("read"))) }
        // Bytes that arrived before an EOF or an error are delivered first.
        if !onlyNewBytes, buffer.readableBytes > 0 { return notifyReadable(.success(true)) }
        switch readState {
        case .eof: return notifyReadable(.success(false))
        case .failed(let error): return notifyReadable(.failure(error))
        case .stopped, .reading, .paused: break
        }
        startReading()
        if case .failed(let error) = readState { notifyReadable(.failure(error)) }
    }

    private final func notifyReadable(_ result: Result<Bool, LoopError>) {
        guard readableNotificationArmed, let notify = readableNotifier else { return }
        readableNotificationArmed = false
        // A copy: the notification may cancel itself (and so drop the kept closure) while it runs.
        notify(result)
    }

    private final func deliverToCallbackReader() -> Bool {
        guard let reader = callbackReader else { return false }
        reader.onBytes(buffer.readable)
        if !isClosed { consume(buffer.readableBytes) }
        return true
    }

    private final func finishCallbackReading(_ error: LoopError?) {
        guard let reader = callbackReader else { return }
        callbackReader = nil
        reader.onEnd(error)
    }

    private final func startReading() {
        guard readState == .stopped || readState == .paused, !isClosed else { return }
        let status = uv_read_start(stream, { handle, _, buf in
            UVHandle.withOwner(StreamConnection.self, of: handle!) { connection in
                let space = connection.buffer.reserveFreeSpace(pool: connection.loop.readBufferPool,
                                                               limit: connection.maxBufferedBytes)
                buf!.pointee = uv_buf_init(space.baseAddress?.assumingMemoryBound(to: CChar.self), UInt32(space.count))
            }
        }, { handle, nread, _ in
            UVHandle.withOwner(StreamConnection.self, of: UVHandle.base(handle!)) { $0.didRead(nread) }
        })
        readState = status < 0 ? .failed(LoopError(code: status, operation: "read start")) : .reading
    }

    private final func didRead(_ nread: Int) {
        if nread > 0 {
            buffer.didWrite(nread)
            if deliverToCallbackReader() { return }
            if buffer.readableBytes >= maxBufferedBytes {
                uv_read_stop(stream)
                readState = .paused
            }
            resumeReader(with: .success(true))
            notifyReadable(.success(true))
            return
        }
        if buffer.readableBytes == 0 { buffer.release(to: loop.readBufferPool) }
        if nread == 0 { return }
        uv_read_stop(stream)
        if nread == Int(UV_EOF.rawValue) {
            readState = .eof
            resumeReader(with: .success(false))
            finishCallbackReading(nil)
            notifyReadable(.success(false))
        } else {
            let error = LoopError(code: Int32(nread), operation: "read")
            readState = .failed(error)
            resumeReader(with: .failure(error))
            finishCallbackReading(error)
            notifyReadable(.failure(error))
        }
    }

    private final func resumeReader(with result: Result<Bool, any Error>) {
        guard let waiter = readWaiter else { return }
        readWaiter = nil
        waiter.resume(with: result)
    }

    // MARK: Writing

    /// Writes `bytes`; returns once the kernel took them all.
    @inlinable
    public final func write(_ bytes: [UInt8]) async throws {
        let rest = try bytes.withUnsafeBytes { try startWrite([$0]) }
        if let rest { try await finishWrite(rest) }
    }

    /// Writes `head` then `body` in one system call when possible.
    @inlinable
    public final func write(_ head: [UInt8], _ body: [UInt8]) async throws {
        let rest = try head.withUnsafeBytes { headBytes in
            try body.withUnsafeBytes { bodyBytes in try startWrite([headBytes, bodyBytes]) }
        }
        if let rest { try await finishWrite(rest) }
    }

    /// Writes the UTF-8 bytes of `string`.
    public final func write(_ string: String) async throws {
        try await write(Array(string.utf8))
    }

    /// Writes the regions straight to the socket if the kernel takes them all (returns nil);
    /// otherwise copies what is left into a request for ``finishWrite(_:)``.
    @usableFromInline
    final func startWrite(_ regions: [UnsafeRawBufferPointer]) throws(LoopError) -> WriteRequest? {
        loop.preconditionInLoop("StreamConnection.write")
        if isClosed { throw LoopError.closed("write") }
        let total = regions.reduce(0) { $0 + $1.count }
        if total == 0 { return nil }
        var written = 0
        if pendingWrites == 0 {
            var buffers = regions.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
            written = try writeDirectly(&buffers, count: Int32(buffers.count))
            if written == total { return nil }
        }
        return WriteRequest(copying: regions, skipping: written)
    }

    /// Queues the rest of a write in libuv and waits until the socket took it.
    @usableFromInline
    final func finishWrite(_ request: WriteRequest) async throws {
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: LoopError.cancelled("write"))
                    return
                }
                request.onDone = { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }
                submit(request)
            }
        } onCancel: {
            // The bytes already handed to libuv may be half written: the stream is no longer
            // in a known state, so a cancelled write closes the connection.
            self.loop.executor.runOnLoop {
                if request.resume(with: LoopError.cancelled("write")) { self.close() }
            }
        }
    }

    /// Queues a request in libuv; a failure to queue is reported to its waiter at once.
    final func submit(_ request: WriteRequest) {
        let status = request.submit(on: self)
        if status < 0 {
            request.resume(with: LoopError(code: status, operation: "write"))
        } else {
            pendingWrites += 1
        }
    }

    /// Writes without waiting, for synchronous code (the master): the kernel takes what it
    /// can now and libuv queues the rest. `completion`, if given, is called on the loop with
    /// nil once everything was written, or with the error. Throws when the write failed at once
    /// (then `completion` is not called).
    public final func writeNow(_ bytes: [UInt8], completion: ((LoopError?) -> Void)? = nil) throws(LoopError) {
        let started: Result<WriteRequest?, LoopError> = bytes.withUnsafeBytes { raw in
            Result { () throws(LoopError) in try startWrite([raw]) }
        }
        let rest = try started.get()
        guard let rest else {
            completion?(nil)
            return
        }
        rest.onDone = { completion?($0) }
        submit(rest)
    }

    /// True while libuv still holds queued writes (a new write queues behind them).
    @inlinable
    public final var hasPendingWrites: Bool { pendingWrites != 0 }

    /// Called by a ``WriteRequest`` when libuv is done with it.
    final func writeCompleted() {
        pendingWrites -= 1
    }

    /// The bytes queued in libuv waiting for the socket to drain.
    public final var queuedWriteBytes: Int { uv_stream_get_write_queue_size(stream) }

    // MARK: Closing

    /// Half-closes: sends EOF to the peer after queued writes; reading goes on.
    public final func shutdownWrite() async throws {
        loop.preconditionInLoop("StreamConnection.shutdownWrite")
        if isClosed { throw LoopError.closed("shutdown") }
        let request = ShutdownRequest()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            request.continuation = continuation
            request.submit(on: stream)
        }
    }

    /// Closes the connection: a waiting reader gets a "closed" error, pending writes are
    /// cancelled, the read buffer goes back to the pool. Safe to call twice.
    public final func close() {
        loop.preconditionInLoop("StreamConnection.close")
        guard !isClosed else { return }
        isClosed = true
        resumeReader(with: .failure(LoopError.closed("read")))
        callbackReader = nil
        readableNotifier = nil
        readableNotificationArmed = false
        buffer.release(to: loop.readBufferPool)
        closeHandle()
    }

    /// Closes the libuv handle; subclasses may reset instead.
    func closeHandle() {
        UVHandle.closeHandle(stream)
    }
}

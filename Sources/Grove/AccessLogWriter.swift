import GroveHTTP
import GroveLoop

#if canImport(Glibc)
import Glibc
#endif

/// A worker's access log: lines are buffered on the loop thread and written by one `write`
/// per flush — after 100 ms, or at once when 64 KiB are waiting — to a descriptor opened with
/// `O_APPEND`, so the complete lines of every worker sharing the file never interleave.
///
/// Loop thread only (the HTTP server calls ``record(_:)`` there).
final class AccessLogWriter: AccessLogRecorder, @unchecked Sendable {
    /// Buffered bytes that trigger an immediate flush.
    static let flushThreshold = 64 * 1024
    /// The longest a line waits in the buffer.
    static let flushInterval = Duration.milliseconds(100)

    private let destination: LogDestination
    private let format: LogFormat
    private let worker: Int?
    private let pid = getpid()
    private var buffer: [UInt8] = []
    private let timer: LoopTimer
    private var timerArmed = false

    /// Writes to `path` (`-`: standard output), lines in `format`; `worker` is the slot.
    init(loop: EventLoop, path: String, format: LogFormat, worker: Int?) throws {
        destination = path == "-" ? LogDestination(standardStream: STDOUT_FILENO) : try LogDestination(path: path)
        self.format = format
        self.worker = worker
        timer = try LoopTimer(loop: loop)
        timer.keepsLoopAlive(false)
        buffer.reserveCapacity(Self.flushThreshold)
    }

    func record(_ entry: AccessLogEntry) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        buffer.append(contentsOf: AccessLogLine.format(entry, format: format, seconds: time.tv_sec,
                                                       nanoseconds: time.tv_nsec, pid: pid, worker: worker).utf8)
        if buffer.count >= Self.flushThreshold {
            flush()
        } else if !timerArmed {
            timerArmed = true
            timer.start(after: Self.flushInterval) { [unowned self] in
                timerArmed = false
                flush()
            }
        }
    }

    /// Writes what is buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        destination.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, then opens the file again (`SIGUSR1` after a rotation).
    func reopen() throws {
        flush()
        try destination.reopen()
    }

    /// Flushes and stops the timer (the worker is done).
    func close() {
        flush()
        timer.close()
    }
}

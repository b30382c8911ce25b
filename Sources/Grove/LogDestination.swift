import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor log lines are appended to, reopenable by path.
///
/// Every line is one `write` on a descriptor opened with `O_APPEND`, so the lines of the
/// master and of every worker (each with a descriptor of its own after ``reopen()``) never
/// interleave inside a line. Safe from any thread: the descriptor is swapped under a lock.
public final class LogDestination: Sendable {
    /// The file, or nil for a standard stream.
    public let path: String?
    private let descriptor: Mutex<Int32>

    /// A destination writing to an already open standard stream (never closed or reopened).
    public init(standardStream fd: Int32) {
        path = nil
        descriptor = Mutex(fd)
    }

    /// Opens `path` for appending (created 0644 if missing).
    public init(path: String) throws(LogFileError) {
        self.path = path
        descriptor = Mutex(try Self.open(path))
    }

    deinit {
        // A file is this destination's own; a standard stream is not.
        if path != nil { _ = descriptor.withLock { close($0) } }
    }

    /// Appends `bytes` (one or more complete lines) with as few `write`s as the kernel allows.
    public func write(_ bytes: [UInt8]) {
        descriptor.withLock { fd in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written > 0 {
                        offset += written
                    } else if written < 0, errno == EINTR {
                        continue
                    } else {
                        return  // a full disk or a closed stream: the line is lost, the server goes on
                    }
                }
            }
        }
    }

    /// Opens the path again (a rotation moved the old file away) and closes the old descriptor.
    /// A standard stream has nothing to reopen. On failure the old descriptor stays in use.
    public func reopen() throws(LogFileError) {
        guard let path else { return }
        let fresh = try Self.open(path)
        let old = descriptor.withLock { fd in
            defer { fd = fresh }
            return fd
        }
        close(old)
    }

    private static func open(_ path: String) throws(LogFileError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogFileError(path: path, reason: String(cString: strerror(errno))) }
        return fd
    }
}

/// A log file that cannot be opened.
public struct LogFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// `strerror` of the failure.
    public var reason: String

    /// `"cannot open log file /x: Permission denied"`.
    public var description: String { "cannot open log file \(path): \(reason)" }
}

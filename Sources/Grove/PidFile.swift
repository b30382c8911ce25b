#if canImport(Glibc)
import Glibc
#endif

/// The master's pid file: written at start, removed at exit (only if it still holds our pid).
struct PidFile {
    /// The file's path.
    let path: String

    /// Writes `getpid()` and a newline, replacing the file atomically.
    func write() throws(PidFileError) {
        let temporary = path + ".tmp"
        let text = "\(getpid())\n"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw PidFileError(path: temporary, code: errno) }
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        let writeError = errno
        Glibc.close(fd)
        guard written == text.utf8.count else { throw PidFileError(path: temporary, code: writeError) }
        guard rename(temporary, path) == 0 else { throw PidFileError(path: path, code: errno) }
    }

    /// Removes the file when it holds this process's pid (a new master may have replaced it).
    func remove() {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        Glibc.close(fd)
        let digits = buffer.prefix(max(0, count)).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if Int32(String(decoding: digits, as: UTF8.self)) == getpid() { unlink(path) }
    }
}

/// Writing the pid file failed.
struct PidFileError: Error, CustomStringConvertible {
    let path: String
    let code: Int32

    var description: String { "pid file \(path): \(String(cString: strerror(code)))" }
}

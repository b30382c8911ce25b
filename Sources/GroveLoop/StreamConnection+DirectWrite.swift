import CLibUV

#if canImport(Glibc)
import Glibc
#endif

extension StreamConnection {
    /// Writes `buffers` straight to the socket with `write(2)` (one buffer) or `writev(2)`, as
    /// plain system calls (not glibc's cancellation-point wrappers, see `grove_write`): what
    /// `uv_try_write` does when libuv holds no queued write for the stream, without its layers
    /// of calls. Returns how many bytes the kernel took: 0 when it takes nothing now (`EAGAIN`).
    /// An interrupted call is retried.
    ///
    /// Only while libuv holds no queued write for this stream (``hasPendingWrites`` is false):
    /// these bytes would overtake the queued ones. Unlike `uv_try_write`, it does not refuse
    /// (`UV_EPIPE`) a write after ``shutdownWrite()`` was queued but before libuv sent the FIN:
    /// callers do not write after shutting down.
    ///
    /// - Throws: ``LoopError`` with the system's error (libuv's codes are negated errnos here).
    final func writeDirectly(_ buffers: UnsafeMutablePointer<iovec>, count: Int32) throws(LoopError) -> Int {
        let fd = fileDescriptor
        while true {
            let written = count == 1
                ? grove_write(fd, buffers.pointee.iov_base, buffers.pointee.iov_len)
                : grove_writev(fd, buffers, count)
            if written >= 0 { return written }
            let error = errno
            if error == EINTR { continue }
            if error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS { return 0 }
            throw LoopError(errno: error, operation: "write")
        }
    }
}

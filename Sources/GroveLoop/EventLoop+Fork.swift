import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// Forking safely from a process that runs an ``EventLoop`` (the master).
///
/// `fork()` in a multi-threaded process gives children that can hang on locks held by threads
/// that do not exist in the child, so ``forkSingleThreaded()`` refuses unless the process has
/// exactly one thread. A child inherits the parent's loop — its epoll instance and its signal
/// pipe — and must call ``neutraliseAfterFork(keeping:)`` on it before doing anything else,
/// then make a fresh loop of its own.
extension EventLoop {
    /// The number of threads in this process (entries of `/proc/self/task`).
    public static func threadCount() -> Int {
        guard let directory = opendir("/proc/self/task") else { return -1 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(2)) }
            if name.first != UInt8(ascii: ".") { count += 1 }
        }
        return count
    }

    /// Forks the process after checking it has exactly one thread.
    ///
    /// - Returns: the child's pid in the parent, 0 in the child.
    /// - Throws: ``LoopError`` (`EDEADLK`-named "fork with N threads") when the process has more
    ///   than one thread, or the `fork` error.
    public static func forkSingleThreaded() throws(LoopError) -> pid_t {
        let threads = threadCount()
        guard threads == 1 else {
            throw LoopError(code: UV_EBUSY.rawValue, operation: "fork refused: the process has \(threads) threads, not 1")
        }
        let pid = fork()
        guard pid >= 0 else { throw LoopError(errno: errno, operation: "fork") }
        return pid
    }

    /// Neutralises this loop in a freshly forked child: the loop gets a new epoll instance
    /// and signal pipe (`uv_loop_fork`), every inherited handle is closed — which closes the
    /// child's copies of their descriptors and restores default signal dispositions — and the
    /// loop is never run again, so nothing the child does reaches the parent's registrations.
    ///
    /// - Parameter fds: descriptors the child keeps (e.g. its listening socket and control
    ///   channel); they are duplicated first, since closing the handles closes the originals.
    /// - Returns: the duplicates of `fds`, in the same order.
    public func neutraliseAfterFork(keeping fds: [Int32] = []) throws(LoopError) -> [Int32] {
        var kept: [Int32] = []
        for fd in fds {
            let copy = fcntl(fd, F_DUPFD_CLOEXEC, 3)
            guard copy >= 0 else { throw LoopError(errno: errno, operation: "dup inherited fd \(fd)") }
            kept.append(copy)
        }
        try check(uv_loop_fork(raw), "uv_loop_fork")
        uv_walk(raw, { handle, _ in
            guard let handle, uv_is_closing(handle) == 0 else { return }
            uv_close(handle, nil)
        }, nil)
        markAbandoned()
        return kept
    }
}

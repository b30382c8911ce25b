#if canImport(Glibc)
import Glibc
#endif

/// Reads `/proc` to find processes by parent.
enum ProcessTable {
    /// Live (not zombie) processes whose parent is `parent`.
    static func children(of parent: pid_t) -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var found: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), let (state, ppid) = stat(of: pid), ppid == parent, state != "Z" else { continue }
            found.append(pid)
        }
        return found.sorted()
    }

    /// Whether `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let (state, _) = stat(of: pid) else { return false }
        return state != "Z"
    }

    /// The state letter and parent pid of `pid`, from `/proc/PID/stat`.
    static func stat(of pid: pid_t) -> (state: Character, ppid: pid_t)? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer.prefix(count), as: UTF8.self)
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let ppid = pid_t(fields[1]) else { return nil }
        return (state, ppid)
    }
}

extension ProcessTable {
    /// Kills `pid`'s children, then `pid` (SIGKILL), for processes the test cannot reap itself.
    static func killTree(_ pid: pid_t) {
        for child in children(of: pid) { kill(child, SIGKILL) }
        kill(pid, SIGKILL)
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// What an old master hands to the new binary it starts on `SIGUSR2`: its slots' listening
/// sockets (inherited descriptors, named in `GROVE_UPGRADE_LISTENERS` as `slot=fd,fd;slot=fd`,
/// or `shared=fd,fd` when every worker shares them) and
/// a pipe (`GROVE_UPGRADE_NOTIFY=fd`) on which the new master writes one line once its workers
/// are ready. The old master then drains its own workers and exits.
struct UpgradeHandover {
    static let listenersVariable = "GROVE_UPGRADE_LISTENERS"
    static let notifyVariable = "GROVE_UPGRADE_NOTIFY"

    /// The slots' descriptors, by slot (socket-per-slot layout).
    var listeners: [Int: [Int32]]
    /// The descriptors every worker shares (shared layout), or nil.
    var shared: [Int32]?
    /// Every descriptor handed over, the readiness pipe included.
    var descriptors: [Int32] { listeners.values.flatMap { $0 } + (shared ?? []) + [notify] }

    /// The write end of the old master's readiness pipe.
    var notify: Int32

    /// The handover this process received, if it was started by an upgrading master; the
    /// variables are removed from the environment and the descriptors made close-on-exec.
    static func received() -> UpgradeHandover? {
        guard let listenersText = getenv(listenersVariable).map({ String(cString: $0) }),
              let notifyText = getenv(notifyVariable).map({ String(cString: $0) }),
              let notify = Int32(notifyText)
        else { return nil }
        unsetenv(listenersVariable)
        unsetenv(notifyVariable)
        var listeners: [Int: [Int32]] = [:]
        var shared: [Int32]?
        for entry in listenersText.split(separator: ";") {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let fds = parts[1].split(separator: ",").compactMap { Int32($0) }
            if parts[0] == "shared" {
                shared = fds
            } else if let slot = Int(parts[0]) {
                listeners[slot] = fds
            }
        }
        for fd in listeners.values.flatMap({ $0 }) + (shared ?? []) + [notify] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return UpgradeHandover(listeners: listeners, shared: shared, notify: notify)
    }

    /// The environment entries that describe this handover.
    var environment: [String] {
        var slots = listeners.keys.sorted().map { slot in
            "\(slot)=" + listeners[slot]!.map(String.init).joined(separator: ",")
        }
        if let shared { slots.append("shared=" + shared.map(String.init).joined(separator: ",")) }
        return ["\(Self.listenersVariable)=\(slots.joined(separator: ";"))", "\(Self.notifyVariable)=\(notify)"]
    }

    /// Tells the old master this one is ready, and closes the pipe.
    func announceReady() {
        let line = Array("ready\n".utf8)
        _ = write(notify, line, line.count)
        close(notify)
    }
}

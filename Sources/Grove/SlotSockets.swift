import GroveLoop
#if canImport(Glibc)
import Glibc
#endif

/// The master's listening sockets, plain descriptors held open for the master's whole life so
/// that a respawned worker inherits its slot's sockets and the connections queued on them.
///
/// Socket per slot (the default): one `SO_REUSEPORT` socket per TCP bind address for each slot;
/// a `unix:PATH` bind has one socket, bound once and shared by every slot (removed at the end).
/// Shared (sockets passed by systemd): every slot gets the same descriptors.
final class SlotSockets {
    private let binds: [BindAddress]
    private let shared: [Int32]?
    private var table: [Int: [Int32]] = [:]
    /// The one socket of each `unix:PATH` bind, by path.
    private var unixSockets: [String: Int32] = [:]

    /// Sockets per slot, bound on ``open(slot:)``; `inherited` are slots' sockets an upgrading
    /// old master passed (adopted as they are).
    init(binds: [BindAddress], inherited: [Int: [Int32]] = [:]) {
        self.binds = binds
        shared = nil
        table = inherited
        // An upgrading old master passed its unix sockets in every slot's list: one socket each.
        for fd in Set(inherited.values.flatMap { $0 }) {
            if case .unix(let path)? = try? ListeningSocket.localAddress(of: fd), !path.isEmpty { unixSockets[path] = fd }
        }
    }

    /// The same `descriptors` for every slot.
    init(shared descriptors: [Int32]) {
        binds = []
        shared = descriptors
    }

    /// Binds every address for `slot` (no-op when it already is, or when the sockets are shared).
    func open(slot: Int) throws {
        guard shared == nil, table[slot] == nil else { return }
        var fds: [Int32] = []
        do {
            for bind in binds {
                if case .unix(let path) = bind {
                    fds.append(try unixSockets[path] ?? bind.bindSocket(reusePort: false))
                    unixSockets[path] = fds.last
                } else {
                    fds.append(try bind.bindSocket(reusePort: true))
                }
            }
        } catch {
            fds.filter { !unixSockets.values.contains($0) }.forEach { _ = Glibc.close($0) }
            throw error
        }
        table[slot] = fds
    }

    /// Closes the master's descriptors of `slot`.
    func close(slot: Int) {
        let shared = Set(unixSockets.values)
        table.removeValue(forKey: slot)?.filter { !shared.contains($0) }.forEach { _ = Glibc.close($0) }
    }

    /// True when every slot shares the same descriptors.
    var isShared: Bool { shared != nil }

    /// The descriptors of `slot`, or nil when it has none.
    func descriptors(of slot: Int) -> [Int32]? { shared ?? table[slot] }

    /// Every descriptor held (a forked worker closes those it does not keep).
    var allDescriptors: [Int32] { shared ?? Array(Set(table.values.flatMap { $0 })) }

    /// Closes everything.
    func closeAll() {
        for slot in Array(table.keys) { close(slot: slot) }
        shared?.forEach { _ = Glibc.close($0) }
        for (path, fd) in unixSockets {
            Glibc.close(fd)
            if !unixPathsHandedOver { unlink(path) }
        }
        unixSockets = [:]
    }

    /// After a binary upgrade the new master owns the unix socket paths: ``closeAll()`` closes
    /// this master's descriptors but leaves the paths.
    func handOverUnixPaths() {
        unixPathsHandedOver = true
    }

    private var unixPathsHandedOver = false
}

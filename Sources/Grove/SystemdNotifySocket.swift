#if canImport(Glibc)
import Glibc
#endif

/// The datagram socket of systemd's notification protocol (`sd_notify(3)`): `NOTIFY_SOCKET` is
/// a filesystem path or, starting with `@`, an abstract-namespace name. Sends never block.
final class SystemdNotifySocket {
    private let fd: Int32
    /// The socket's descriptor.
    var descriptor: Int32 { fd }
    private var address: sockaddr_un
    private let addressLength: socklen_t

    /// The socket named by `NOTIFY_SOCKET`, or nil when unset, empty or not usable.
    static func fromEnvironment(_ environment: [String: String]) -> SystemdNotifySocket? {
        guard let name = environment["NOTIFY_SOCKET"], !name.isEmpty else { return nil }
        return SystemdNotifySocket(name: name)
    }

    /// A socket sending to `name` (`/run/systemd/notify` or `@abstract`); nil if it is too long
    /// or no socket can be made.
    init?(name: String) {
        var bytes = Array(name.utf8)
        guard bytes.first == UInt8(ascii: "/") || bytes.first == UInt8(ascii: "@") else { return nil }
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.address = address
        // An abstract name is exactly its bytes; a path ends at its terminating NUL.
        let pathBytes = bytes[0] == 0 ? bytes.count : bytes.count + 1
        addressLength = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathBytes)
    }

    deinit { close(fd) }

    /// Sends `assignments` (`READY=1`, …) as one datagram; false when the kernel refused it.
    @discardableResult
    func send(_ assignments: [String]) -> Bool {
        let message = Array(assignments.joined(separator: "\n").utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                message.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL), socketAddress, addressLength) }
            }
        }
        return sent == message.count
    }

    /// Removes `NOTIFY_SOCKET` and the watchdog variables from this process's environment: a
    /// worker (forked, not exec'd) must never talk to systemd in the master's name.
    static func removeFromEnvironment() {
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
    }
}

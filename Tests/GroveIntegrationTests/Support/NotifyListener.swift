#if canImport(Glibc)
import Glibc
#endif

/// A fake systemd notification socket: a unix datagram socket (a path, or an abstract name when
/// `abstract`) whose datagrams are read with their sender's pid (`SO_PASSCRED`).
final class NotifyListener: @unchecked Sendable {
    /// One datagram: its `KEY=value` lines and the pid that sent it.
    struct Message: Sendable, CustomStringConvertible {
        var assignments: [String]
        var senderPID: pid_t
        var description: String { "\(senderPID): \(assignments.joined(separator: " "))" }
        func value(of key: String) -> String? {
            assignments.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
    }

    private let fd: Int32
    /// What to put in `NOTIFY_SOCKET`.
    let name: String
    private let path: String?

    init(abstract: Bool = false) throws {
        let unique = "grove-notify-\(getpid())-\(Int.random(in: 0..<1_000_000_000))"
        path = abstract ? nil : "/tmp/\(unique).sock"
        name = abstract ? "@\(unique)" : "/tmp/\(unique).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if abstract { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            throw ProcessError("bind \(name): errno \(errno)")
        }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// The next datagram within `timeout`, or nil.
    func receive(timeout: Duration) -> Message? {
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        var control = [UInt8](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBytes { data -> Message? in
            control.withUnsafeMutableBytes { controlBytes -> Message? in
                var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer -> Message? in
                    var header = msghdr()
                    header.msg_iov = vectorPointer
                    header.msg_iovlen = 1
                    header.msg_control = controlBytes.baseAddress
                    header.msg_controllen = controlBytes.count
                    let count = recvmsg(fd, &header, 0)
                    guard count >= 0 else { return nil }
                    var sender: pid_t = -1
                    var cmsg = firstControlHeader(&header)
                    while let current = cmsg {
                        if current.pointee.cmsg_level == SOL_SOCKET, current.pointee.cmsg_type == scmCredentials {
                            let payload = UnsafeRawPointer(current).advanced(by: MemoryLayout<cmsghdr>.size)
                            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: the pid comes first.
                            sender = payload.loadUnaligned(as: pid_t.self)
                        }
                        cmsg = __cmsg_nxthdr(&header, current)
                    }
                    let text = String(decoding: UnsafeRawBufferPointer(rebasing: data[..<count]), as: UTF8.self)
                    return Message(assignments: text.split(separator: "\n").map(String.init), senderPID: sender)
                }
            }
        }
    }

    /// Datagrams until one satisfies `last` (included), within `timeout` in all.
    func receive(until last: (Message) -> Bool, timeout: Duration) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        var messages: [Message] = []
        while true {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { throw ProcessError("no matching notification within \(timeout); got \(messages)") }
            let next = try await offPool { self.receive(timeout: min(left, .milliseconds(500))) }
            guard let next else { continue }
            messages.append(next)
            if last(next) { return messages }
        }
    }
}

/// `SCM_CREDENTIALS` (Linux; glibc declares it only under `_GNU_SOURCE`).
private let scmCredentials: Int32 = 2

/// The first control message header of `header` (`CMSG_FIRSTHDR`, a macro Swift cannot import).
private func firstControlHeader(_ header: UnsafeMutablePointer<msghdr>) -> UnsafeMutablePointer<cmsghdr>? {
    guard header.pointee.msg_controllen >= MemoryLayout<cmsghdr>.size else { return nil }
    return header.pointee.msg_control?.assumingMemoryBound(to: cmsghdr.self)
}

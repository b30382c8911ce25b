import Foundation
import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The control socket's protections, against the real binary (the tests run as root).
@Suite("grove ctl: control socket security")
struct ControlSocketSecurityTests {
    static let setpriv = "/usr/bin/setpriv"
    /// `setpriv` running the command as `nobody`: the test process is never forked itself.
    static let asNobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]

    @Test("the socket is mode 0600 in a directory of mode 0700")
    func modes() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket() + ".d/grove.sock")
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", control.socket])
        defer { grove.terminate() }
        var info = stat()
        try #require(lstat(control.socket, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        let directory = String(control.socket.dropLast("/grove.sock".count))
        try #require(stat(directory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test("another uid is refused: by the file modes, and by the peer-credential check when the modes let it through")
    func otherUserRefused() async throws {
        try #require(access(Self.setpriv, X_OK) == 0, "setpriv (util-linux) runs the client as nobody")
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", control.socket])
        defer { grove.terminate() }
        // As set up: nobody cannot even reach the socket.
        let blocked = try await control.run(["status", "--json"], prefix: Self.asNobody)
        #expect(blocked.code != 0)
        #expect(GroveControl.parse(blocked.output) == nil)
        // Loosen the modes (a careless operator): the master still refuses by SO_PEERCRED.
        let directory = String(control.socket[..<control.socket.lastIndex(of: "/")!])
        try #require(chmod(directory, 0o755) == 0 && chmod(control.socket, 0o666) == 0)
        let refused = try await control.run(["status", "--json"], prefix: Self.asNobody)
        #expect(refused.code == 1)
        let answer = try #require(GroveControl.parse(refused.output), "\(refused.output)")
        #expect(answer["ok"] as? Bool == false)
        let error = try #require(answer["error"] as? String)
        #expect(error.hasPrefix("permission denied: the control socket accepts uid 0 and root only"))
        #expect(error.contains("uid 65534"))
        #expect(answer["status"] == nil)
        // Its own user (root) is still served.
        #expect(try await control.status().workers.count == 1)
        try await grove.waitForLine(containing: "control socket: refused a peer")
    }

    @Test("a second server on the same control socket fails clearly and leaves the first one's socket alone")
    func secondServerRefused() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", control.socket])
        defer { grove.terminate() }
        let second = try GroveProcess(serve: ["--workers", "1", "--bind", "127.0.0.1:\(try HTTPProbe.freePort())",
                                              "--control-socket", control.socket])
        defer { second.terminate() }
        let code = try await second.waitForExit(timeout: .seconds(15))
        #expect(code != 0)
        #expect(second.lines.contains { $0.contains("another Grove master is serving it") && $0.contains("--control-socket") },
                "\(second.transcript)")
        #expect(second.workers.isEmpty)
        let (master, _) = try await control.status()
        #expect(int(master, "pid") == Int(grove.pid))
    }

    @Test("a stale socket left by a dead master is replaced")
    func staleSocketReplaced() async throws {
        let path = GroveControl.freshSocket()
        // A socket file nobody listens on.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(fd)
        try #require(bound == 0)
        let control = GroveControl(socket: path)
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", path])
        defer { grove.terminate() }
        #expect(try await control.status().workers.count == 1)
    }

    @Test("garbage, an oversized line and an unknown command get clear errors; the master keeps serving")
    func badRequests() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", control.socket])
        defer { grove.terminate() }
        let path = control.socket
        let answers = try await offPool {
            try [
                rawExchange(path, Array("hello\n".utf8)),
                rawExchange(path, Array(#"{"command":"explode"}"#.utf8) + [10]),
                rawExchange(path, [UInt8](repeating: UInt8(ascii: "x"), count: 70_000)),
            ]
        }
        #expect(answers[0].contains(#""ok":false"#) && answers[0].contains("not a JSON object"))
        #expect(answers[1].contains(#"unknown command \"explode\""#))
        #expect(answers[2].contains("request larger than 65536 bytes"))
        #expect(try await control.status().workers.count == 1)
        #expect(grove.exitCode() == nil)
    }
}

/// Sends `bytes` on a new connection to the unix socket `path`, returns everything read until
/// the peer closes (bounded by 10 s).
func rawExchange(_ path: String, _ bytes: [UInt8]) throws -> String {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw ProcessError("socket: errno \(errno)") }
    defer { close(fd) }
    var limit = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        raw.copyBytes(from: path.utf8)
        raw[path.utf8.count] = 0
    }
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    guard connected == 0 else { throw ProcessError("connect \(path): errno \(errno)") }
    // The master may answer and close before reading everything: a failed send is fine.
    _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    return readUntilClosed(fd: fd)
}

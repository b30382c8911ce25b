import GroveLoop
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Unix sockets and socketpairs")
struct PipeTests {
    @Test("socketpair ends adopted on two loops exchange messages both ways")
    func socketPairAcrossLoops() async throws {
        let (left, right) = try SocketPair.make()
        let other = try LoopThread(name: "other-side")
        defer { other.shutdown() }
        let answering = Task {
            try await other.submit {
                let end = try PipeConnection(loop: other.loop, adopting: right)
                defer { end.close() }
                let question = try await end.read() ?? []
                try await end.write(question + Array(" pong".utf8))
            }
        }
        let answer = try await within(.seconds(10), "socketpair exchange") {
            try await withLoop { loop -> String in
                let end = try PipeConnection(loop: loop, adopting: left)
                defer { end.close() }
                try await end.write("ping")
                var bytes: [UInt8] = []
                while bytes.count < 9, let more = try await end.read() { bytes += more }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        try await answering.value
        #expect(answer == "ping pong")
    }

    @Test("a unix listener is created with mode 0600, accepts, and removes its path on close")
    func unixListener() async throws {
        let path = "/tmp/grove-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let (mode, echoed) = try await within(.seconds(10), "unix echo") {
            try await withLoop { loop -> (UInt32, String) in
                let listener = try UnixListener(loop: loop, path: path)
                defer { listener.close() }
                var info = stat()
                stat(path, &info)
                async let served: Void = {
                    let connection = try await listener.accept()
                    defer { connection.close() }
                    try await connection.write(try await connection.read() ?? [])
                }()
                let client = try await PipeConnection.connect(loop: loop, path: path)
                defer { client.close() }
                try await client.write("over unix")
                let bytes = try await client.read() ?? []
                try await served
                return (UInt32(info.st_mode) & 0o777, String(decoding: bytes, as: UTF8.self))
            }
        }
        #expect(mode == 0o600)
        #expect(echoed == "over unix")
        #expect(access(path, F_OK) != 0, "the socket path was not removed")
    }

    @Test("connecting to a missing unix socket throws LoopError")
    func missingSocket() async throws {
        let name = try await withLoop { loop -> String? in
            do {
                _ = try await PipeConnection.connect(loop: loop, path: "/tmp/grove-no-such-socket-\(getpid())")
                return nil
            } catch let error as LoopError {
                return error.name
            }
        }
        #expect(name == "ENOENT")
    }
}

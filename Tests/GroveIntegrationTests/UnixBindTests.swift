import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--bind unix:PATH` beside a TCP bind, against the real binary.
@Suite("grove serve: unix binds")
struct UnixBindTests {
    @Test("a unix bind serves every worker's requests; the master removes the socket when it stops")
    func unixBindServesAndIsRemoved() async throws {
        let path = "/tmp/grove-it-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let (grove, port) = try await startGrove(workers: 2, ["--bind", "unix:\(path)", "--graceful-timeout", "2"])
        defer {
            grove.terminate()
            unlink(path)
        }
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFSOCK)
        for _ in 0..<6 {
            let probe = try HTTPProbe(unixPath: path)
            try probe.sendGet("/", close: true)
            let response = try await probe.response()
            #expect(response.status == 200)
            #expect(response.body == "Hello, Grove\n")
        }
        // The TCP bind serves beside it.
        #expect(try await HTTPProbe.fetch(port: port, "/").status == 200)
        grove.send(SIGTERM)
        #expect(try await grove.waitForExit(timeout: .seconds(6)) == 0, "\(grove.transcript)")
        #expect(access(path, F_OK) != 0, "the socket path is still there after the master stopped")
    }
}

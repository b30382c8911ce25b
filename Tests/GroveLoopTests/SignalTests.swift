import GroveLoop
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Signals")
struct SignalTests {
    @Test("a SignalStream delivers signals the process receives, on the loop")
    func signalStream() async throws {
        let received = try await within(.seconds(10), "signal delivery") {
            try await withLoop { loop -> [Int32] in
                let signals = try SignalStream(loop: loop, signals: [SIGUSR2, SIGWINCH])
                kill(getpid(), SIGUSR2)
                var seen: [Int32] = []
                for await signal in signals {
                    #expect(loop.inLoopThread)
                    seen.append(signal)
                    if seen.count == 1 { kill(getpid(), SIGWINCH) }
                    if seen.count == 2 { break }
                }
                return seen
            }
        }
        #expect(received == [SIGUSR2, SIGWINCH])
    }
}

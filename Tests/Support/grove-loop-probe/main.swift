// grove-loop-probe: a helper process for GroveLoop's tests. Tests must never fork the test
// process itself, so scenarios that fork run here and report over stdout, one line per event.
//
//   grove-loop-probe fork-signals
//     The parent runs a loop with a SIGUSR1 watcher and forks from inside a loop callback.
//     The child neutralises the inherited loop, starts a fresh one with its own SIGUSR1
//     watcher and an echo server on port 0. Lines:
//       parent-ready <pid>          child-ready <pid> <port>
//       parent-signal SIGUSR1       child-signal SIGUSR1
import CLibUV
import GroveLoop

#if canImport(Glibc)
import Glibc
#endif

/// Writes one line to stdout, unbuffered (the test reads it through a pipe).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

func runChild(inherited: EventLoop) -> Never {
    do {
        _ = try inherited.neutraliseAfterFork()
        let loop = try EventLoop()
        let usr1 = try SignalWatcher(loop: loop, signal: SIGUSR1) { _ in say("child-signal SIGUSR1") }
        try loop.run {
            let listener = try TCPListener(loop: loop, host: "127.0.0.1", port: 0)
            say("child-ready \(getpid()) \(listener.localAddress.port ?? 0)")
            await listener.serve { connection in
                defer { connection.close() }
                while let bytes = try? await connection.read() {
                    do { try await connection.write(bytes) } catch { return }
                }
            }
        }
        usr1.close()
        exit(0)
    } catch {
        say("child-error \(error)")
        exit(1)
    }
}

func runForkSignals() throws {
    let loop = try EventLoop()
    let usr1 = try SignalWatcher(loop: loop, signal: SIGUSR1) { _ in say("parent-signal SIGUSR1") }
    let timer = try LoopTimer(loop: loop)
    timer.start(after: .zero) {
        // Forking from inside a callback of the running loop.
        do {
            let pid = try EventLoop.forkSingleThreaded()
            if pid == 0 { runChild(inherited: loop) }
            say("parent-ready \(getpid()) child \(pid)")
        } catch {
            say("parent-error \(error)")
            exit(1)
        }
    }
    loop.run()
    usr1.close()
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "fork-signals":
    do { try runForkSignals() } catch {
        say("error \(error)")
        exit(1)
    }
case "threads":
    say("threads \(EventLoop.threadCount())")
default:
    say("usage: grove-loop-probe fork-signals|threads")
    exit(2)
}

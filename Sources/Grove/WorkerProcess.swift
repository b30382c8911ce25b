import GroveHTTP
import GroveLoop
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// What a forked worker runs: the applications (made in the child, after the fork) and its logger.
struct WorkerLaunch {
    /// Makes the applications a worker serves; called once in each worker process.
    let applications: () -> [Application]
    /// The workers' logger.
    let logger: Logger
    /// The process's logging, when Grove bootstrapped it (the worker reopens it on `SIGUSR1`).
    var logging: GroveLogging?
}

/// The child side of a fork: turn the copy of the master into a worker, run it, exit.
///
/// Order matters: the inherited loop is neutralised first (before anything else touches libuv),
/// then every inherited descriptor the worker does not keep is closed, the signal state is
/// reset, privileges are dropped (`--user`/`--group`), the parent-death signal is armed, and only then the worker makes its own loop — the
/// first point where Swift concurrency may start threads in this process.
struct WorkerProcess {
    let masterLoop: EventLoop
    let masterPID: pid_t
    let listeners: [Int32]
    let channel: Int32
    /// Every other descriptor inherited from the master (all slots' sockets, the master's end).
    let inherited: [Int32]
    let slot: Int
    let generation: Int
    let options: WorkerOptions
    let credentials: WorkerCredentials?
    let launch: WorkerLaunch
    let logger: Logger

    /// Signals the terminal sends to the whole foreground process group (`Ctrl-C`, `Ctrl-\`,
    /// hangup) and the master's own control signals: a worker ignores them and lets the master
    /// coordinate (it hears from the master over its channel). `SIGTERM` sent to a worker's pid
    /// still stops that worker gracefully.
    static let ignoredSignals = [SIGINT, SIGQUIT, SIGHUP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2]

    func runAfterFork() -> Never {
        let kept: [Int32]
        do {
            kept = try masterLoop.neutraliseAfterFork(keeping: listeners + [channel])
        } catch {
            _exit(70)
        }
        for fd in Set(inherited + listeners + [channel]) { close(fd) }
        resetSignals()
        launch.logging?.context.enterWorker(slot: slot, generation: generation)
        // Only the master talks to systemd.
        SystemdNotifySocket.removeFromEnvironment()
        do {
            // Before the parent-death signal: a change of credentials clears it.
            try credentials?.apply()
        } catch {
            logger.error("worker \(getpid()) cannot drop its privileges: \(error)")
            fflush(nil)
            _exit(1)
        }
        do {
            try ProcessControl.setParentDeathSignal(SIGTERM)
        } catch {
            logger.warning("worker \(getpid()): \(error)")
        }
        // The master may have died between the fork and the prctl: then no signal will come.
        guard getppid() == masterPID else { _exit(0) }
        WorkerMetricsFactory.bootstrapForWorker()
        let code: Int32
        do {
            let report = try GroveWorker.run(
                applications: launch.applications(), listeners: Array(kept.dropLast()), options: options,
                control: WorkerControl(channel: kept.last!, slot: slot, generation: generation, logging: launch.logging),
                logger: logger
            )
            code = report.isClean ? 0 : 1
        } catch {
            logger.error("worker \(getpid()) failed: \(error)")
            code = 1
        }
        fflush(nil)
        _exit(code)
    }

    private func resetSignals() {
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        for signal in Self.ignoredSignals { _ = Glibc.signal(signal, SIG_IGN) }
        for signal in [SIGTERM, SIGCHLD, SIGABRT] { _ = Glibc.signal(signal, SIG_DFL) }
    }
}

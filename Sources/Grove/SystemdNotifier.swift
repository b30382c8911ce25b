import GroveLoop
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The master's link to systemd when it runs under a `Type=notify` or `Type=notify-reload`
/// unit: the messages ``SystemdNotifyPolicy`` decides on each state change, and the watchdog
/// pings of ``SystemdWatchdog`` on a loop timer. Loop thread only (the master is single-threaded).
final class SystemdNotifier {
    private let socket: SystemdNotifySocket
    private let logger: Logger
    private var policy = SystemdNotifyPolicy()
    private var watchdog: LoopTimer?

    /// The notifier `NOTIFY_SOCKET` asks for, or nil when the master does not run under systemd.
    static func make(loop: EventLoop, isUpgradeChild: Bool, logger: Logger) -> SystemdNotifier? {
        let environment = ProcessEnvironment.current()
        guard let socket = SystemdNotifySocket.fromEnvironment(environment) else { return nil }
        let interval = SystemdWatchdog.pingInterval(environment: environment, pid: getpid(), parentPID: getppid(),
                                                    isUpgradeChild: isUpgradeChild)
        return SystemdNotifier(socket: socket, loop: loop, watchdogInterval: interval, logger: logger)
    }

    private init(socket: SystemdNotifySocket, loop: EventLoop, watchdogInterval: Duration?, logger: Logger) {
        self.socket = socket
        self.logger = logger
        logger.info("systemd notification socket in use",
                    metadata: ["watchdog-ping": "\(watchdogInterval.map { "\($0)" } ?? "off")"])
        guard let watchdogInterval, let timer = try? LoopTimer(loop: loop) else { return }
        timer.keepsLoopAlive(false)
        timer.start(after: .zero, every: watchdogInterval) { [unowned self] in ping() }
        watchdog = timer
    }

    /// Tells systemd what changed since the last observation of `machine`.
    func observe(_ machine: MasterStateMachine, upgradePID: Int32?) {
        let messages = policy.observe(SystemdNotifyPolicy.Observation(
            state: machine.state, workers: machine.configuration.workers, generation: machine.activeGeneration,
            upgradePID: upgradePID, monotonicMicroseconds: Self.monotonicMicroseconds()
        ))
        guard !messages.isEmpty else { return }
        if !socket.send(messages) {
            logger.warning("sd_notify failed", metadata: ["message": "\(messages.joined(separator: " "))", "errno": "\(errno)"])
        }
        if policy.handedOver { stopWatchdog() }
    }

    private func ping() {
        socket.send(["WATCHDOG=1"])
    }

    private func stopWatchdog() {
        watchdog?.close()
        watchdog = nil
    }

    /// The notification socket's descriptor (a forked worker closes it: only the master notifies).
    var descriptors: [Int32] { [socket.descriptor] }

    /// Stops the watchdog pings (the master is exiting).
    func close() { stopWatchdog() }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC` with.
    static func monotonicMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}

import GroveHTTP
import GroveLoop
import GroveMaster
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The master process's I/O around ``MasterStateMachine``: the listening sockets, the signals,
/// one timer, the workers' control channels, `fork` and `waitpid`.
///
/// It stays synchronous and single-threaded for its whole life — libuv callbacks only, no
/// `async`, no `Task`, no Dispatch — so that every `fork` happens in a process with one thread.
/// Observations become ``MasterEvent``s on a FIFO queue; each event is handed to the machine
/// and its actions are performed in order before the next event is taken, so an answer an
/// action produces (`workerSpawned`, `listenerOpened`, …) is seen after the actions that came
/// with it.
final class MasterDriver {
    let loop: EventLoop
    let logger: Logger
    let sockets: SlotSockets
    let launch: WorkerLaunch
    let masterPID = getpid()
    var machine: MasterStateMachine
    var channels: [Int32: ControlChannel] = [:]
    /// Reaped workers whose channel is still open: their exit is reported after the channel's EOF,
    /// so the last messages (stuck report, exit reason) are read first.
    var pendingExits: [Int32: WorkerExitStatus] = [:]
    /// The new master of a `SIGUSR2` upgrade, while one runs.
    var upgradeChild: UpgradeChild?
    /// The path this executable was started from (a binary upgrade starts what is there now).
    let executablePath: String
    /// The old master to tell once every worker is ready, when this master is an upgrade's new one.
    private var handover: UpgradeHandover?
    /// The configuration each generation's workers run (filled at each generation's first spawn).
    var generations: [Int: ServeConfiguration] = [:]
    /// The configuration read last (the one a new generation gets).
    var loadedConfiguration: ServeConfiguration
    /// The control socket, the admin listener and their bookkeeping.
    let control: MasterControl
    private let reload: () -> Result<ServeConfiguration, ConfigError>
    private let pidFile: PidFile?
    private var timer: LoopTimer?
    private var watchers: [SignalWatcher] = []
    private var queue: [MasterEvent] = []
    private var draining = false
    private var exitCode: Int32?
    /// `sd_notify` and the watchdog, when `NOTIFY_SOCKET` is set.
    private(set) var systemd: SystemdNotifier?

    /// Binds the listeners of every initial slot and makes the loop; nothing is forked yet.
    /// - Parameter inherited: shared listening sockets passed by systemd or by an upgrading old
    ///   master; when given, every worker shares them and the configuration's binds are not bound.
    /// - Parameter handover: the slots' sockets and readiness pipe from an upgrading old master.
    init(configuration: ServeConfiguration, inherited: [Int32], handover: UpgradeHandover?, launch: WorkerLaunch,
         reload: @escaping () -> Result<ServeConfiguration, ConfigError>, logger: Logger) throws {
        self.logger = logger
        self.launch = launch
        self.reload = reload
        loadedConfiguration = configuration
        machine = MasterStateMachine(configuration: configuration.masterConfiguration)
        pidFile = configuration.pidFile.map(PidFile.init(path:))
        self.handover = handover
        control = MasterControl(socketPath: configuration.controlSocket, adminBind: configuration.adminBind, upgrading: handover != nil)
        executablePath = Self.currentExecutablePath()
        if !inherited.isEmpty {
            sockets = SlotSockets(shared: inherited)
        } else if configuration.listenerLayout == .shared {
            sockets = try SlotSockets(shared: configuration.binds.map { try $0.bindSocket(reusePort: false) })
        } else {
            sockets = SlotSockets(binds: configuration.binds, inherited: handover?.listeners ?? [:])
        }
        do {
            for slot in 0..<configuration.workers { try sockets.open(slot: slot) }
        } catch {
            sockets.closeAll()
            throw error
        }
        loop = try EventLoop()
        systemd = SystemdNotifier.make(loop: loop, isUpgradeChild: handover != nil, logger: logger)
    }

    /// Runs the master until the machine's `exit` action; returns the exit code.
    func run() throws -> Int32 {
        defer {
            stopControl()
            systemd?.close()
            channels.values.forEach { $0.close() }
            channels = [:]
            sockets.closeAll()
            loop.close()
        }
        try installSignalWatchers()
        try startControl()
        timer = try LoopTimer(loop: loop)
        logger.notice("master started", metadata: [
            "pid": "\(masterPID)",
            "listeners": "\(listenerDescription)",
            "workers": "\(loadedConfiguration.workers)",
        ])
        post(.start)
        if exitCode == nil { loop.run() }
        return exitCode ?? MasterExitCode.uncleanShutdown
    }

    private var listenerDescription: String {
        if loadedConfiguration.listenerLayout == .shared {
            let source = loadedConfiguration.binds.isEmpty ? "from systemd" : loadedConfiguration.binds.map(\.description).joined(separator: " ")
            return "\(sockets.allDescriptors.count) socket(s) \(source), shared"
        }
        return loadedConfiguration.binds.map(\.description).joined(separator: " ") + ", a socket per slot"
    }

    // MARK: Events

    /// Queues `event`; handles the queue now unless an event is already being handled.
    func post(_ event: MasterEvent) {
        queue.append(event)
        guard !draining else { return }
        draining = true
        defer { draining = false }
        while !queue.isEmpty {
            let next = queue.removeFirst()
            if consumeControlEvent(next) { continue }
            let before = machine
            let actions = machine.handle(next, at: EventTime.current())
            recordHandled(next, before: before)
            for action in actions { perform(action) }
            systemd?.observe(machine, upgradePID: upgradeChild?.pid)
        }
        if let handover, case .running = machine.state {
            self.handover = nil
            logger.notice("upgrade: every worker is ready; telling the old master")
            handover.announceReady()
            control.server?.takeOverPath()
        }
    }

    /// The absolute path this process was executed from (`/proc/self/exe` at start).
    private static func currentExecutablePath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Actions

    private func perform(_ action: MasterAction) {
        switch action {
        case .spawnWorker(let slot, let generation): spawnWorker(slot: slot, generation: generation)
        case .send(let pid, let message): send(message, to: pid)
        case .kill(let pid, let signal): _ = kill(pid, signal.rawValue)
        case .openListener(let slot): openListener(slot: slot)
        case .closeListener(let slot): sockets.close(slot: slot)
        case .scheduleTick(let at): scheduleTick(at: at)
        case .log(let level, let message): logger.log(level: level.swiftLogLevel, "\(message)")
        case .reloadConfig: reloadConfiguration()
        case .reopenLogs: launch.logging?.reopen(logger: logger)
        case .execNewBinary: startUpgrade()
        case .abortUpgrade: abortUpgrade()
        case .writePidFile: writePidFile()
        case .removePidFile: pidFile?.remove()
        case .exit(let code, _): finish(code: code)
        }
    }

    private func send(_ message: ControlMessage, to pid: Int32) {
        guard let channel = channels[pid] else {
            logger.debug("no control channel to worker \(pid) for \(message)")
            return
        }
        if let failure = channel.send(message) {
            logger.warning("sending to worker \(pid) failed: \(failure)")
        }
    }

    private func openListener(slot: Int) {
        do {
            try sockets.open(slot: slot)
            post(.listenerOpened(slot: slot))
        } catch {
            post(.listenerOpenFailed(slot: slot, message: "\(error)"))
        }
    }

    private func scheduleTick(at instant: MonotonicInstant) {
        let delay = max(.zero, instant - EventTime.current().monotonic)
        timer?.start(after: delay) { [unowned self] in post(.tick) }
    }

    private func reloadConfiguration() {
        let result = reload()
        if case .success(let configuration) = result { loadedConfiguration = configuration }
        post(.configReloaded(result.map(\.masterConfiguration)))
    }

    private func writePidFile() {
        do {
            try pidFile?.write()
        } catch {
            logger.error("\(error)")
        }
    }

    private func finish(code: Int32) {
        exitCode = code
        stopControl()
        timer?.stop()
        watchers.forEach { $0.close() }
        watchers = []
        loop.stop()
    }

    // MARK: Signals

    private func installSignalWatchers() throws {
        for signal in [SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2] {
            watchers.append(try SignalWatcher(loop: loop, signal: signal) { [unowned self] in
                post(.signal(ProcessSignal(rawValue: $0)))
            })
        }
        watchers.append(try SignalWatcher(loop: loop, signal: SIGCHLD) { [unowned self] _ in reapChildren() })
    }

    /// `waitpid(-1, WNOHANG)` until nothing is left to reap; each exit becomes `workerExited`.
    private func reapChildren() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            guard let exit = WorkerExitStatus(waitStatus: status) else { continue }
            if reapedUpgradeChild(pid, status: exit) { continue }
            if channels[pid] != nil {
                pendingExits[pid] = exit
            } else {
                post(.workerExited(pid: pid, status: exit))
            }
        }
    }
}

extension GroveMaster.LogLevel {
    /// The swift-log level of the same name.
    var swiftLogLevel: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

import GroveLoop
import GroveMaster

#if canImport(Glibc)
import Glibc
#endif

/// The binary upgrade of `SIGUSR2` (nginx, unicorn): start the executable again with the slots'
/// sockets inherited, wait for its readiness line, then let the state machine drain this master.
extension MasterDriver {
    /// `execNewBinary`: spawn the executable (same path and arguments) with the handover.
    func startUpgrade() {
        let pipeFDs: [Int32]
        do {
            let (readEnd, writeEnd) = try SocketPair.make()
            pipeFDs = [readEnd, writeEnd]
        } catch {
            post(.upgradeChildFailed(message: "\(error)"))
            return
        }
        var listeners: [Int: [Int32]] = [:]
        if !sockets.isShared {
            for slot in machine.slots.map(\.index) {
                if let fds = sockets.descriptors(of: slot) { listeners[slot] = fds }
            }
        }
        let handover = UpgradeHandover(listeners: listeners, shared: sockets.isShared ? sockets.allDescriptors : nil,
                                       notify: pipeFDs[1])
        let passed = handover.descriptors
        // Single-threaded: nothing else can fork or exec while the flags are cleared.
        for fd in passed { _ = fcntl(fd, F_SETFD, 0) }
        let result = spawnExecutable(environment: handover.environment)
        for fd in passed { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        close(pipeFDs[1])
        switch result {
        case .failure(let error):
            close(pipeFDs[0])
            post(.upgradeChildFailed(message: error.message))
        case .success(let pid):
            logger.notice("upgrade: started the new master \(pid) (\(executablePath))")
            watchUpgrade(pid: pid, readiness: pipeFDs[0])
        }
    }

    /// `abortUpgrade`: the new master did not become ready in time; it stops its workers fast.
    func abortUpgrade() {
        guard let pid = upgradeChild?.pid else { return }
        kill(pid, SIGQUIT)
    }

    /// A reaped child that is the new master of an upgrade (not a worker): true when handled.
    func reapedUpgradeChild(_ pid: pid_t, status: WorkerExitStatus) -> Bool {
        guard let child = upgradeChild, child.pid == pid else { return false }
        upgradeChild = nil
        child.readiness?.close()
        if !child.ready {
            let how = switch status {
            case .exited(let code): "exited \(code)"
            case .signaled(let signal, _): "was killed by \(signal.name)"
            }
            post(.upgradeChildFailed(message: "the new master \(pid) \(how) before it was ready"))
        }
        return true
    }

    private func watchUpgrade(pid: pid_t, readiness fd: Int32) {
        let child = UpgradeChild(pid: pid)
        upgradeChild = child
        do {
            child.readiness = try ControlLine(loop: loop, adopting: fd) { [unowned self] line in
                guard line != nil, !child.ready else { return }
                child.ready = true
                // The new master serves the unix paths from now on: leave them in place.
                sockets.handOverUnixPaths()
                post(.upgradeChildReady)
            }
        } catch {
            close(fd)
            logger.error("upgrade: watching the new master's readiness failed: \(error)")
        }
    }

    private func spawnExecutable(environment: [String]) -> Result<pid_t, UpgradeSpawnError> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        var defaults = sigset_t()
        sigemptyset(&empty)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var inherited: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            inherited.append(String(cString: pointer))
            entry += 1
        }
        let variables = inherited.filter { !$0.hasPrefix("GROVE_UPGRADE_") } + environment
        let argv = ([executablePath] + CommandLine.arguments.dropFirst()).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executablePath, nil, &attributes, argv, envp)
        guard status == 0 else {
            return .failure(UpgradeSpawnError(message: "spawning \(executablePath): \(String(cString: strerror(status)))"))
        }
        return .success(pid)
    }
}

/// Starting the new binary failed.
struct UpgradeSpawnError: Error {
    let message: String
}

/// The new master of an upgrade in progress.
final class UpgradeChild {
    let pid: pid_t
    var ready = false
    var readiness: ControlLine?

    init(pid: pid_t) { self.pid = pid }
}

/// Reads the first line of a pipe with loop callbacks; `onLine` gets it, or nil at EOF first.
final class ControlLine {
    private let connection: PipeConnection
    private var buffer: [UInt8] = []
    private var done = false

    init(loop: EventLoop, adopting fd: Int32, onLine: @escaping (String?) -> Void) throws {
        connection = try PipeConnection(loop: loop, adopting: fd)
        connection.startReading(onBytes: { [self] bytes in
            guard !done else { return }
            buffer += bytes
            guard let newline = buffer.firstIndex(of: 10) else { return }
            done = true
            onLine(String(decoding: buffer[..<newline], as: UTF8.self))
        }, onEnd: { [self] _ in
            guard !done else { return }
            done = true
            onLine(nil)
        })
    }

    /// Stops reading and closes the pipe (idempotent).
    func close() {
        done = true
        connection.close()
    }
}

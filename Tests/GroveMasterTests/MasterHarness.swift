@testable import GroveMaster

/// Drives a ``MasterStateMachine`` like the I/O driver would, with a fake clock and fake pids.
struct MasterHarness {
    static let wallClockAtZero: Int64 = 1_700_000_000_000_000_000

    var machine: MasterStateMachine
    var seconds: Double = 0
    var nextPid: Int32 = 100

    init(_ configuration: MasterConfiguration) {
        machine = MasterStateMachine(configuration: configuration)
    }

    var now: MonotonicInstant { instant(seconds) }

    func instant(_ seconds: Double) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: Int64((seconds * 1_000_000_000).rounded()))
    }

    func unixNanos(_ seconds: Double) -> Int64 {
        Self.wallClockAtZero + Int64((seconds * 1_000_000_000).rounded())
    }

    /// Handles `event` at the current fake time.
    @discardableResult
    mutating func handle(_ event: MasterEvent) -> [MasterAction] {
        machine.handle(event, at: EventTime(monotonic: now, unixNanoseconds: unixNanos(seconds)))
    }

    /// Moves the clock to `seconds` and delivers a tick.
    @discardableResult
    mutating func tick(at seconds: Double) -> [MasterAction] {
        self.seconds = seconds
        return handle(.tick)
    }

    /// Answers every `spawnWorker` in `actions` with `workerSpawned`, returning the new pids.
    @discardableResult
    mutating func spawn(_ actions: [MasterAction]) -> [Int32] {
        var pids: [Int32] = []
        for case .spawnWorker(let slot, let generation) in actions {
            let pid = nextPid
            nextPid += 1
            handle(.workerSpawned(pid: pid, slot: slot, generation: generation))
            pids.append(pid)
        }
        return pids
    }

    /// Delivers `ready` from each worker.
    @discardableResult
    mutating func ready(_ pids: [Int32]) -> [MasterAction] {
        var all: [MasterAction] = []
        for pid in pids {
            let record = machine.worker(pid: pid)!
            all += handle(.message(pid: pid, .ready(pid: pid, generation: record.generation, slot: record.slot)))
        }
        return all
    }

    /// start → spawn → ready: returns the pids of generation 1, slot order.
    mutating func boot() -> [Int32] {
        let pids = spawn(handle(.start))
        ready(pids)
        return pids
    }

    /// SIGHUP → configuration accepted → new generation spawned: returns its pids, slot order.
    mutating func reloadAndSpawn(_ configuration: MasterConfiguration) -> [Int32] {
        handle(.signal(.hangup))
        return spawn(handle(.configReloaded(.success(configuration))))
    }

    mutating func exit(_ pid: Int32, _ status: WorkerExitStatus = .exited(code: 0)) -> [MasterAction] {
        handle(.workerExited(pid: pid, status: status))
    }

    mutating func heartbeat(_ pid: Int32, lagMicros: UInt64 = 100, served: UInt64 = 0) -> [MasterAction] {
        handle(.message(pid: pid, .heartbeat(loopLagMicros: lagMicros, requestsServed: served, inFlight: 0, activeConnections: 0)))
    }

    /// Pids of live workers of `generation` that are ready and serving, by slot.
    func readyServing(generation: Int? = nil) -> [Int: [Int32]] {
        var bySlot: [Int: [Int32]] = [:]
        for record in machine.workers where record.isServing && record.readyAt != nil {
            if let generation, record.generation != generation { continue }
            bySlot[record.slot, default: []].append(record.pid)
        }
        return bySlot
    }
}

extension Array where Element == MasterAction {
    /// The actions that are neither logs nor tick requests.
    var effects: [MasterAction] {
        filter {
            switch $0 {
            case .log, .scheduleTick: false
            default: true
            }
        }
    }

    /// Log lines at `level` or above.
    func logs(_ level: LogLevel = .debug) -> [String] {
        compactMap {
            if case .log(let actual, let line) = $0, actual >= level { return line }
            return nil
        }
    }

    var scheduledTicks: [MonotonicInstant] {
        compactMap { if case .scheduleTick(let at) = $0 { return at } else { return nil } }
    }

    var exitAction: (code: Int32, summary: ShutdownSummary)? {
        for case .exit(let code, let summary) in self { return (code, summary) }
        return nil
    }
}

func gracefulStop(at harness: MasterHarness, timeout: Double = 30, reason: StopCause) -> ControlMessage {
    .gracefulStop(deadlineUnixNanos: harness.unixNanos(harness.seconds + timeout), reason: reason.description)
}

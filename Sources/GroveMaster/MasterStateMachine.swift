/// The master's decisions: feed it ``MasterEvent``s with their ``EventTime``, perform the returned
/// ``MasterAction``s in order. No clock, no I/O, no randomness inside: the driver owns all of that.
///
/// ```swift
/// var machine = MasterStateMachine(configuration: config)
/// for action in machine.handle(.start, at: now()) { perform(action) }
/// ```
///
/// Driver contract:
/// - Bind the listeners of slots `0..<workers` before ``MasterEvent/start``; later slots are bound on
///   ``MasterAction/openListener(slot:)``.
/// - Answer every `spawnWorker` with `workerSpawned` or `spawnFailed`, every `openListener` with
///   `listenerOpened` or `listenerOpenFailed`, `reloadConfig` with `configReloaded`, `execNewBinary`
///   with `upgradeChildReady` or `upgradeChildFailed`.
/// - Keep one timer: each `scheduleTick(at:)` replaces it; deliver `tick` when it fires.
/// - Signal handlers only forward the signal as an event; `waitpid` results become `workerExited`.
/// - Snapshot ids the master requests count up from 1: use another range for the driver's own requests.
public struct MasterStateMachine: Sendable {
    /// The master's state.
    public internal(set) var state: MasterState = .idle
    /// The configuration in force (a reload replaces it once the new generation is ready).
    public internal(set) var configuration: MasterConfiguration
    /// The generation whose workers serve the slots.
    public internal(set) var activeGeneration = 1

    var workerTable: [Int32: WorkerRecord] = [:]
    var slotTable: [Int: SlotState] = [:]
    var pendingSpawns: [PendingSpawn] = []
    var restarts: RestartTracker
    var nextGeneration = 2
    var nextSnapshotID: UInt64 = 1
    var jitter: JitterGenerator
    var outcomes: [WorkerOutcome] = []
    /// Whether ``MasterAction/writePidFile`` was emitted (a stop before `start` must not remove a
    /// pid file this master never wrote).
    var pidFileWritten = false
    var scheduledTick: MonotonicInstant?
    var now = EventTime(monotonic: MonotonicInstant(nanoseconds: 0), unixNanoseconds: 0)
    var actions: [MasterAction] = []

    /// Makes a master for `configuration`, in state ``MasterState/idle``.
    public init(configuration: MasterConfiguration) {
        self.configuration = configuration
        self.restarts = RestartTracker(backoff: configuration.restartBackoff, crashLoop: configuration.crashLoop)
        self.jitter = JitterGenerator(seed: configuration.recycling?.seed ?? 0)
    }

    /// Live workers ordered by generation, slot, pid.
    public var workers: [WorkerRecord] {
        workerTable.values.sorted { ($0.generation, $0.slot, $0.pid) < ($1.generation, $1.slot, $1.pid) }
    }

    /// Slots ordered by index.
    public var slots: [(index: Int, state: SlotState)] {
        slotTable.keys.sorted().map { ($0, slotTable[$0]!) }
    }

    /// The record of `pid`, if it is a live worker.
    public func worker(pid: Int32) -> WorkerRecord? { workerTable[pid] }

    /// Handles one event observed at `time` and returns the side effects to perform, in order.
    public mutating func handle(_ event: MasterEvent, at time: EventTime) -> [MasterAction] {
        now = time
        actions = []
        // The timer that delivered a tick is spent: whatever is still pending must be re-armed,
        // even when the tick came early (millisecond timers) and nothing was due yet.
        if event == .tick { scheduledTick = nil }
        if case .stopped = state {
            log(.debug, "ignoring \(event): the master has stopped")
        } else {
            dispatch(event)
        }
        scheduleNextTick()
        defer { actions = [] }
        return actions
    }

    private mutating func dispatch(_ event: MasterEvent) {
        switch event {
        case .start: start()
        case .signal(let signal): handleSignal(signal)
        case .configReloaded(let result): configReloaded(result)
        case .listenerOpened(let slot): listenerOpened(slot: slot)
        case .listenerOpenFailed(let slot, let message): listenerOpenFailed(slot: slot, message: message)
        case .workerSpawned(let pid, let slot, let generation): workerSpawned(pid: pid, slot: slot, generation: generation)
        case .spawnFailed(let slot, let generation, let message): spawnFailed(slot: slot, generation: generation, message: message)
        case .message(let pid, let message): received(message, from: pid)
        case .workerExited(let pid, let status): workerExited(pid: pid, status: status)
        case .channelClosed(let pid): channelClosed(pid: pid)
        case .tick: tick()
        case .upgradeChildReady: upgradeChildReady()
        case .upgradeChildFailed(let message): upgradeChildFailed(message: message)
        }
    }

    // MARK: Helpers shared by the extensions

    mutating func emit(_ action: MasterAction) {
        if action == .writePidFile { pidFileWritten = true }
        actions.append(action)
    }

    mutating func log(_ level: LogLevel, _ message: String) {
        actions.append(.log(level, message))
    }

    var monotonicNow: MonotonicInstant { now.monotonic }

    /// The record of `pid`, or `nil` after logging that an event about an unknown pid was ignored.
    mutating func knownWorker(_ pid: Int32, for what: String, level: LogLevel = .warning) -> WorkerRecord? {
        if let record = workerTable[pid] { return record }
        log(level, "ignoring \(what) from unknown pid \(pid)")
        return nil
    }

    /// Whether the state lets failed workers be replaced and slots be staffed.
    var isSupervising: Bool {
        switch state {
        case .starting, .running, .reloading, .upgrading: true
        case .idle, .stopping, .stopped: false
        }
    }

    /// Emits ``MasterAction/scheduleTick(at:)`` when the earliest pending deadline changed.
    private mutating func scheduleNextTick() {
        let next = earliestDeadline()
        if let next, next != scheduledTick { emit(.scheduleTick(at: next)) }
        scheduledTick = next
    }

    private func earliestDeadline() -> MonotonicInstant? {
        var deadlines = workerTable.values.compactMap { timerDeadline(of: $0) }
        for case .awaitingRespawn(let at) in slotTable.values { deadlines.append(at) }
        if case .upgrading(let since) = state { deadlines.append(since + configuration.upgradeTimeout) }
        return deadlines.min()
    }
}

/// SplitMix64: deterministic jitter for recycling quotas, seeded by the configuration.
struct JitterGenerator: Sendable, Hashable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return bound == .max ? mixed : mixed % (bound + 1)
    }
}

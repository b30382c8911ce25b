/// What the driver does for one control request.
public enum ControlDecision: Sendable, Hashable {
    /// Answer now.
    case respond(ControlResponse)
    /// Answer, then hand these events to the machine in order (the answer goes first: a stop may
    /// end the master before it could be written otherwise).
    case perform(ControlResponse, then: [MasterEvent])
    /// Ask these workers for their scope trees, and answer with a ``TreeReport``.
    case gatherSnapshots([WorkerRecord])
}

/// Turns a ``ControlRequest`` into a ``ControlDecision``, from the machine's state alone. Pure:
/// the driver reads the socket, calls ``decide(_:context:)`` and carries the decision out.
///
/// `reload`, `stop` and `scale` become the events of the signals they stand for (`SIGHUP`,
/// `SIGTERM` or `SIGINT`, as many `SIGTTIN`/`SIGTTOU` as the slot count differs), so they behave
/// exactly like the signals.
public enum ControlCommandHandler {
    /// The most worker slots `scale` accepts.
    public static let maximumSlots = 1024

    /// What the decision is made from.
    public struct Context: Sendable {
        /// The master's machine.
        public var machine: MasterStateMachine
        /// The master's bookkeeping.
        public var ledger: MasterLedger
        /// The master's pid.
        public var masterPID: Int32
        /// When the master started.
        public var startedAt: MonotonicInstant
        /// Now.
        public var now: MonotonicInstant

        /// Makes a context.
        public init(machine: MasterStateMachine, ledger: MasterLedger, masterPID: Int32, startedAt: MonotonicInstant, now: MonotonicInstant) {
            self.machine = machine
            self.ledger = ledger
            self.masterPID = masterPID
            self.startedAt = startedAt
            self.now = now
        }
    }

    /// The commands, for error messages.
    public static let commands = ["status", "tree", "reload", "stop", "scale"]

    /// Decides what to do with `request`.
    public static func decide(_ request: ControlRequest, context: Context) -> ControlDecision {
        let machine = context.machine
        switch request.command {
        case "status":
            return .respond(.success(status: StatusReport.make(
                machine: machine, ledger: context.ledger, masterPID: context.masterPID,
                startedAt: context.startedAt, now: context.now)))
        case "tree":
            let workers = machine.workers.filter { request.worker == nil || $0.slot == request.worker }
            if workers.isEmpty {
                let which = request.worker.map { "on slot \($0)" } ?? "at all"
                return .respond(.failure("no live worker \(which)"))
            }
            return .gatherSnapshots(workers)
        case "reload":
            switch machine.state {
            case .running:
                return .perform(.success("reload started: generation \(machine.activeGeneration) serves until the next one is ready"),
                                then: [.signal(.hangup)])
            case .reloading:
                return .perform(.success("a reload is in progress: another one will follow it"), then: [.signal(.hangup)])
            default:
                return .respond(.failure("cannot reload while the master is \(machine.state.name)"))
            }
        case "stop":
            return stop(fast: request.fast ?? false, state: machine.state)
        case "scale":
            return scale(to: request.count, machine: machine)
        default:
            return .respond(.failure("unknown command \"\(request.command)\": expected one of \(commands.joined(separator: ", "))"))
        }
    }

    private static func stop(fast: Bool, state: MasterState) -> ControlDecision {
        switch state {
        case .stopped:
            return .respond(.failure("the master has stopped"))
        case .stopping(let plan):
            if !fast || plan.mode == .fast {
                return .respond(.success("already stopping (\(plan.mode)); use --fast to cancel the drain"))
            }
            return .perform(.success("turning the graceful stop into a fast stop"), then: [.signal(.interrupt)])
        default:
            return fast
                ? .perform(.success("fast stop started (like SIGINT)"), then: [.signal(.interrupt)])
                : .perform(.success("graceful stop started (like SIGTERM)"), then: [.signal(.terminate)])
        }
    }

    private static func scale(to count: Int?, machine: MasterStateMachine) -> ControlDecision {
        guard let count else { return .respond(.failure("scale needs \"count\", the number of workers wanted")) }
        guard (1...maximumSlots).contains(count) else {
            return .respond(.failure("cannot scale to \(count) workers: between 1 and \(maximumSlots)"))
        }
        guard case .running = machine.state else {
            return .respond(.failure("cannot scale while the master is \(machine.state.name): try again when it is running"))
        }
        let current = machine.slots.filter { $0.state != .retiring }.count
        if count == current { return .respond(.success("already \(count) worker slot(s)")) }
        let signal: ProcessSignal = count > current ? .ttin : .ttou
        let events = Array(repeating: MasterEvent.signal(signal), count: abs(count - current))
        return .perform(.success("scaling from \(current) to \(count) worker slot(s)"), then: events)
    }
}

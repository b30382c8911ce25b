import Synchronization

/// What every log line of this process says about the process itself: the worker slot and
/// generation once the process became a worker (nil in the master). The pid is read per line,
/// since a worker is a fork of the master.
public final class ProcessLogContext: Sendable {
    private let worker = Mutex<(slot: Int, generation: Int)?>(nil)

    /// A context for the master (no worker slot yet).
    public init() {}

    /// Called in a worker right after the fork.
    public func enterWorker(slot: Int, generation: Int) {
        worker.withLock { $0 = (slot, generation) }
    }

    /// The worker's slot and generation, nil in the master.
    public var workerSlot: (slot: Int, generation: Int)? { worker.withLock { $0 } }
}

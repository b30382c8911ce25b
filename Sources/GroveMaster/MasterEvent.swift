/// An input of ``MasterStateMachine``: something the driver observed.
public enum MasterEvent: Sendable, Hashable {
    /// Begin: the listeners of slots `0..<workers` are already bound (socket-per-slot layout).
    case start
    /// A signal reached the master (the handler only forwards it).
    case signal(ProcessSignal)
    /// Answer to ``MasterAction/reloadConfig``.
    case configReloaded(Result<MasterConfiguration, ConfigError>)
    /// Answer to ``MasterAction/openListener(slot:)``: the slot's socket is bound.
    case listenerOpened(slot: Int)
    /// Answer to ``MasterAction/openListener(slot:)``: binding failed.
    case listenerOpenFailed(slot: Int, message: String)
    /// Answer to ``MasterAction/spawnWorker(slot:generation:)``: the worker runs as `pid`.
    case workerSpawned(pid: Int32, slot: Int, generation: Int)
    /// Answer to ``MasterAction/spawnWorker(slot:generation:)``: fork failed.
    case spawnFailed(slot: Int, generation: Int, message: String)
    /// A decoded message from a worker's control channel.
    case message(pid: Int32, ControlMessage)
    /// `waitpid` reaped the worker.
    case workerExited(pid: Int32, status: WorkerExitStatus)
    /// EOF on the worker's control channel.
    case channelClosed(pid: Int32)
    /// A timer requested by ``MasterAction/scheduleTick(at:)`` fired (early or extra ticks are harmless).
    case tick
    /// The new master of a `SIGUSR2` upgrade reported that its workers are ready.
    case upgradeChildReady
    /// The new master of a `SIGUSR2` upgrade failed (exec failed, exited, or never became ready).
    case upgradeChildFailed(message: String)
}

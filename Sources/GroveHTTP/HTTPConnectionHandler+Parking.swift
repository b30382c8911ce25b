import GroveLoop
import TaskScopes

/// Idle keep-alive connections without a task.
///
/// A connection's task keeps the async frames of its deepest request in its task allocator for
/// as long as the task lives (the runtime reuses those slabs, it does not free them): about
/// 6 KB per connection measured with heaptrack. A keep-alive connection idle past
/// `HTTPServerConfiguration.idleParkDelay` therefore ends its task; the connection stays open,
/// registered with the core (idle timeout and drain still apply), and is served without a task
/// again (see ``serveWithoutTask()``) until a request needs one. Busy connections never park:
/// the delay is far longer than the gap between requests under load.
extension HTTPConnectionHandler {
    /// Ends the current task's hold on the connection; called as that task returns.
    func park() {
        pendingInterrupt = nil
        core.noteParked()
        waitWithoutTask(onlyNewBytes: false)
    }

    /// Closes a connection that has no task (idle timeout, drain, EOF, error).
    func closeParked() {
        isParked = false
        connection.cancelReadableNotification()
        core.unregister(self)
        connection.close()
    }
}

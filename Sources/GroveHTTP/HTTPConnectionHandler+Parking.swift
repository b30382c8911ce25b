import GroveLoop
import TaskScopes

/// Idle keep-alive connections without a task.
///
/// A connection's task keeps the async frames of its deepest request in its task allocator for
/// as long as the task lives (the runtime reuses those slabs, it does not free them): about
/// 6 KB per connection measured with heaptrack. A keep-alive connection idle past
/// `HTTPServerConfiguration.idleParkDelay` therefore ends its task; the connection stays open,
/// registered with the core (idle timeout and drain still apply), and asks the loop to call
/// back when bytes arrive. Then a new task is spawned into the `connections` scope and serves
/// on. Busy connections never park: the delay is far longer than the gap between requests
/// under load.
extension HTTPConnectionHandler {
    /// Ends the current task's hold on the connection; called as that task returns.
    func park() {
        pendingInterrupt = nil
        isParked = true
        core.noteParked()
        connection.notifyWhenReadable { [self] result in
            guard isParked else { return }
            switch result {
            case .success(true): unpark()
            case .success(false), .failure: closeParked()
            }
        }
    }

    /// Bytes arrived: a new task serves them.
    private func unpark() {
        isParked = false
        phase = .idle(since: connection.loop.cachedMilliseconds)
        guard let scope = core.connectionsScope else { return close() }
        do {
            try scope.spawn(name: "connection") { await self.serve() }
        } catch {
            // The connections scope is shutting down: nobody may serve it any more.
            close()
        }
    }

    /// Closes a parked connection (idle timeout, drain, EOF, error).
    func closeParked() {
        isParked = false
        close()
    }

    private func close() {
        connection.cancelReadableNotification()
        core.unregister(self)
        connection.close()
    }
}

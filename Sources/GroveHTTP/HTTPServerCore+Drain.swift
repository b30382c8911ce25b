import GroveLoop

extension HTTPServerCore {
    /// Suspends until no connection is open, or until the waiting task is cancelled.
    ///
    /// Connections without a task (see `HTTPConnectionHandler.serveWithoutTask()`) are not tasks
    /// of the `connections` scope, so that scope cannot wait for them: its drain task waits here
    /// instead, and the worker does not exit while one of them is still inside its drain grace
    /// or finishing a write. Call on the loop.
    func waitForConnectionsToClose() async {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                if connectionCount == 0 || Task.isCancelled {
                    continuation.resume()
                } else {
                    closeWaiters.append(continuation)
                }
            }
        } onCancel: {
            loop.executor.execute { self.resumeCloseWaiters() }
        }
    }

    /// Wakes whoever waits in ``waitForConnectionsToClose()``.
    func resumeCloseWaiters() {
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Closes every connection that has no task (the end of a drain that ran out of time: a
    /// connection with a task is cancelled by its scope instead).
    func closeConnectionsWithoutTask() {
        for connection in openConnections where connection.isParked {
            connection.closeParked()
        }
    }
}

import GroveLoop
import GroveMaster

#if canImport(Glibc)
import Glibc
#endif

extension MasterDriver {
    /// `spawnWorker`: a socketpair, a fork checked to happen with one thread, the child becomes
    /// the worker (and never returns here); the parent adopts its end of the channel.
    func spawnWorker(slot: Int, generation: Int) {
        let configuration = generations[generation] ?? loadedConfiguration
        generations[generation] = configuration
        guard let listeners = sockets.descriptors(of: slot) else {
            post(.spawnFailed(slot: slot, generation: generation, message: "slot \(slot) has no listening socket"))
            return
        }
        let masterEnd: Int32
        let workerEnd: Int32
        let pid: pid_t
        do {
            (masterEnd, workerEnd) = try SocketPair.make()
        } catch {
            post(.spawnFailed(slot: slot, generation: generation, message: "\(error)"))
            return
        }
        fflush(nil)
        do {
            pid = try EventLoop.forkSingleThreaded()
        } catch {
            close(masterEnd)
            close(workerEnd)
            post(.spawnFailed(slot: slot, generation: generation, message: "\(error)"))
            return
        }
        if pid == 0 {
            WorkerProcess(
                masterLoop: loop, masterPID: masterPID, listeners: listeners, channel: workerEnd,
                inherited: sockets.allDescriptors + [masterEnd] + (systemd?.descriptors ?? []), slot: slot, generation: generation,
                options: configuration.workerOptions, credentials: configuration.credentials, launch: launch, logger: launch.logger
            ).runAfterFork()
        }
        close(workerEnd)
        adoptChannel(masterEnd, of: pid)
        post(.workerSpawned(pid: pid, slot: slot, generation: generation))
    }

    private func adoptChannel(_ fd: Int32, of pid: pid_t) {
        do {
            channels[pid] = try ControlChannel(loop: loop, adopting: fd, onMessage: { [unowned self] message in
                post(.message(pid: pid, message))
            }, onClose: { [unowned self] reason in
                if let reason { logger.warning("control channel of worker \(pid) closed: \(reason)") }
                channels[pid] = nil
                post(.channelClosed(pid: pid))
                if let status = pendingExits.removeValue(forKey: pid) {
                    post(.workerExited(pid: pid, status: status))
                }
            })
        } catch {
            close(fd)
            logger.error("adopting the control channel of worker \(pid) failed: \(error)")
        }
    }
}

import GroveLoop
import GroveMaster

extension MasterDriver {
    /// Opens the admin listener when `--admin-bind` was given.
    func startAdmin() throws {
        guard let bind = control.adminBind else { return }
        let admin = try AdminServer(loop: loop, bind: bind, logger: logger) { [unowned self] in metricsText() }
        control.admin = admin
        logger.notice("admin listener: http://\(admin.address)/metrics")
    }

    /// Closes the admin listener.
    func stopAdmin() {
        control.admin?.close()
        control.admin = nil
    }

    /// The Prometheus text of every worker's figures (retired workers included) and the master's.
    func metricsText() -> String {
        let ledger = control.ledger
        var byState: [String: Int] = [:]
        for record in machine.workers { byState[record.phase.name, default: 0] += 1 }
        let master = PrometheusExposition.MasterFigures(
            exitsByKind: ledger.exitsByKind, reloads: ledger.reloads, failedReloads: ledger.failedReloads,
            workersByState: byState, slots: machine.slots.filter { $0.state != .retiring }.count
        )
        return PrometheusExposition.render(workers: ledger.metrics.combined, master: master)
    }
}

import Foundation
import GroveMaster

/// The human-readable forms of the control socket's answers (`grove ctl` without `--json`).
enum ControlTables {
    /// The master line and one row per worker.
    static func status(_ report: StatusReport) -> String {
        let master = report.master
        var text = "master \(master.pid): \(master.state), generation \(master.generation), up \(duration(master.uptimeSeconds)), "
            + "\(master.slots) slot(s), \(master.reloads) reload(s)"
            + (master.failedReloads > 0 ? ", \(master.failedReloads) failed" : "") + "\n"
        let header = ["SLOT", "PID", "GEN", "AGE", "STATE", "REQUESTS", "IN-FLIGHT", "CONNS", "LAG", "RESTARTS", "LAST EXIT"]
        let rows = report.workers.map { worker in
            [
                "\(worker.slot)", "\(worker.pid)", "\(worker.generation)", duration(worker.ageSeconds), worker.state,
                "\(worker.requestsServed)", "\(worker.inFlight)", "\(worker.activeConnections)",
                String(format: "%.1fms", worker.loopLagMilliseconds), "\(worker.restarts)", worker.lastExitReason ?? "-",
            ]
        }
        text += table([header] + rows)
        return text
    }

    /// The merged tree (or each worker's with `--worker`), indented, with counters and tasks.
    static func tree(_ report: TreeReport, perWorker: Bool) -> String {
        var text = ""
        let trees: [(String, ScopeNode)] = perWorker
            ? report.workers.map { ("worker \($0.pid) (slot \($0.slot), generation \($0.generation))", $0.tree) }
            : report.merged.map { [("\(report.workers.count) worker(s), merged", $0)] } ?? []
        for (title, tree) in trees {
            text += title + "\n"
            var rows = [["SCOPE", "PHASE", "ACTIVE", "DONE", "FAILED", "CANCELLED", "STUCK", "DRAIN"]]
            for (depth, node) in tree.flattened() {
                rows.append([
                    String(repeating: "  ", count: depth) + node.name, node.phase, "\(node.active)", "\(node.succeeded)",
                    "\(node.failed)", "\(node.cancelled)", "\(node.stuck)", node.drainSeconds.map { duration($0) } ?? "-",
                ])
                for task in node.tasks ?? [] {
                    let worker = task.worker.map { " [worker \($0)]" } ?? ""
                    rows.append([String(repeating: "  ", count: depth + 1) + "· \(task.taskName) (\(duration(task.ageSeconds)))\(worker)"])
                }
            }
            text += table(rows)
        }
        for missing in report.missing {
            text += "missing: worker \(missing.pid) (slot \(missing.slot)): \(missing.reason)\n"
        }
        return text
    }

    /// Left-aligned columns separated by two spaces; a row of one cell (a note under the row
    /// above) does not widen the first column.
    static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows where row.count > 1 || columns == 1 {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    /// `850ms`, `12.3s`, `4m05s`, `2h03m`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}

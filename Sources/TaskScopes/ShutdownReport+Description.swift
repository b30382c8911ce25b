extension ShutdownReport: CustomStringConvertible {
    /// A log-ready, human-readable report: a headline an operator can act on, then one line per
    /// scope and one per stuck task, oldest first.
    ///
    /// ```
    /// shutdown of root (signal SIGTERM) took 12.000s: 1 task abandoned, 2 cancelled after the graceful deadline
    /// ABANDONED root/app/handlers #41 'conn-10.0.0.7' age 73.200s, ignored graceful signal, not shielded
    /// scope root                  graceful  1.000s
    /// scope root/app/handlers     forced   12.000s  graceful budget 10.000s, forced 2.000s
    /// ```
    public var description: String {
        let abandonedTasks = allAbandoned.sorted { $0.ageSeconds > $1.ageSeconds }
        let lingeringTasks = allLingering
        let cancelledLate = lingeringTasks.count - abandonedTasks.count
        var headline = "shutdown of \(scopePath) (\(cause)) took \(formatSeconds(drainSeconds))"
        if abandonedTasks.isEmpty && lingeringTasks.isEmpty {
            headline += ": clean, every task finished after the graceful signal"
        } else {
            headline += ": \(plural(abandonedTasks.count, "task")) abandoned"
            if cancelledLate > 0 { headline += ", \(cancelledLate) cancelled after the graceful deadline" }
        }
        var lines = [headline]
        lines += abandonedTasks.map { "ABANDONED \(Self.describe($0))" }
        var scopes: [ShutdownReport] = []
        collect(into: &scopes)
        let width = scopes.map(\.scopePath.count).max() ?? 0
        for scope in scopes {
            var line = "scope \(scope.scopePath.padding(to: width)) \(scope.phaseReached.rawValue.padding(to: 8)) "
            line += formatSeconds(scope.drainSeconds)
            line += "  graceful budget \(formatSeconds(scope.gracefulBudgetSeconds))"
            if scope.phaseReached == .forced { line += ", forced \(formatSeconds(scope.forcedBudgetSeconds))" }
            if !scope.lingering.isEmpty { line += ", \(plural(scope.lingering.count, "task")) cancelled" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func collect(into scopes: inout [ShutdownReport]) {
        scopes.append(self)
        for child in children { child.collect(into: &scopes) }
    }

    private static func describe(_ task: StuckTask) -> String {
        "\(task.scopePath) #\(task.taskID) '\(task.taskName)' age \(formatSeconds(task.ageSeconds)), "
            + (task.acknowledgedGraceful ? "acknowledged graceful signal" : "ignored graceful signal")
            + (task.shielded ? ", SHIELDED" : ", not shielded")
    }
}

private func plural(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

/// Seconds with millisecond precision, e.g. `12.034s`, without Foundation formatting.
func formatSeconds(_ seconds: Double) -> String {
    let millis = Int64((max(0, seconds) * 1000).rounded())
    let fraction = String(millis % 1000)
    return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
}

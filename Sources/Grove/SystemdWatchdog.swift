/// When the master pings systemd's watchdog (`WATCHDOG=1`).
enum SystemdWatchdog {
    /// The ping interval — half of `WATCHDOG_USEC`, as `sd_watchdog_enabled(3)` advises — or nil
    /// when no watchdog is set or it is meant for another process.
    ///
    /// `WATCHDOG_PID` must be unset or name this process; the new master of a binary upgrade
    /// also accepts its parent's pid (systemd set it for the old master, whose place it takes).
    static func pingInterval(environment: [String: String], pid: Int32, parentPID: Int32,
                             isUpgradeChild: Bool) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let micros = UInt64(text), micros > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"] {
            guard let ownerPID = Int32(owner) else { return nil }
            guard ownerPID == pid || (isUpgradeChild && ownerPID == parentPID) else { return nil }
        }
        return .microseconds(Int64(micros / 2))
    }
}

/// What a reload (`SIGHUP`) can change. Every setting is re-read; those the master set up once
/// at start keep their running value, and a change to them is logged as needing a restart
/// (or, for the sockets, a binary upgrade with `SIGUSR2` does not pick them up either: restart).
public enum ConfigurationReloadPolicy {
    /// Options whose new value is ignored until the master restarts: the sockets the master
    /// bound (`bind`, `host`, `port`, their layout `shared-socket`) and the pid file it wrote.
    /// `config` itself comes from the command line or the environment, fixed for the process.
    /// The control socket and admin listener the master serves, and the logging it set up
    /// (`log-*`, `access-log`: one log handler for the process, bootstrapped once) are
    /// restart-only too.
    public static let restartOnlyKeys: Set<String> = [
        "bind", "host", "port", "shared-socket", "pid-file", "config", "control-socket", "admin-bind",
        "log-format", "log-file", "log-level", "access-log",
    ]

    /// One warning per restart-only setting that differs between `running` and `reloaded`.
    public static func warnings(running: ServeConfiguration, reloaded: ServeConfiguration) -> [String] {
        var warnings: [String] = []
        if running.binds != reloaded.binds {
            warnings.append("reload: bind/host/port changed (\(describe(running.binds)) → \(describe(reloaded.binds))): "
                + "the sockets stay as they are until a restart")
        }
        if running.listenerLayout != reloaded.listenerLayout {
            warnings.append("reload: shared-socket changed: the socket layout stays as it is until a restart")
        }
        if running.pidFile != reloaded.pidFile {
            warnings.append("reload: pid-file changed (\(running.pidFile ?? "none") → \(reloaded.pidFile ?? "none")): "
                + "the master keeps \(running.pidFile ?? "no pid file") until a restart")
        }
        if running.controlSocket != reloaded.controlSocket {
            warnings.append("reload: control-socket changed: the master keeps \(running.controlSocket ?? "none") until a restart")
        }
        if running.adminBind != reloaded.adminBind {
            warnings.append("reload: admin-bind changed: the admin listener stays as it is until a restart")
        }
        if running.logging != reloaded.logging {
            warnings.append("reload: log-format/log-file/log-level/access-log changed: logging stays as it is until a restart")
        }
        return warnings
    }

    /// `reloaded` with the restart-only settings of `running`.
    public static func keepingRestartOnlySettings(of running: ServeConfiguration, in reloaded: ServeConfiguration) -> ServeConfiguration {
        var kept = reloaded
        kept.binds = running.binds
        kept.listenerLayout = running.listenerLayout
        kept.pidFile = running.pidFile
        kept.configFile = running.configFile
        kept.controlSocket = running.controlSocket
        kept.adminBind = running.adminBind
        kept.logging = running.logging
        return kept
    }

    private static func describe(_ binds: [BindAddress]) -> String {
        binds.isEmpty ? "none" : binds.map(\.description).joined(separator: " ")
    }
}

import ArgumentParser
import Logging

/// How log lines (and access-log lines) are written.
public enum LogFormat: String, Sendable, Hashable, CaseIterable, ExpressibleByArgument {
    /// One human-readable line per event: time, level, label, pid, worker, message, metadata.
    case text
    /// One JSON object per line: `time`, `level`, `label`, `message`, `pid`, `worker`,
    /// `generation` (workers only) and `metadata`.
    case json
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

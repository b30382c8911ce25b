/// Why a scope is shutting down. Visible to tasks (`TaskScope.currentShutdownCause`) and in reports.
public struct ShutdownCause: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The category of a shutdown cause.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A process signal such as SIGTERM.
        case signal
        /// An ancestor scope is shutting down.
        case parentShutdown
        /// A task of a fail-fast scope failed.
        case siblingFailure
        /// A deadline passed.
        case deadline
        /// Someone called `shutdown(cause:)` explicitly.
        case explicit
        /// A supervised service exceeded its restart intensity.
        case escalation
    }

    /// The category.
    public var kind: Kind
    /// The path of the scope where this cause originated (for `parentShutdown`, the ancestor).
    public var origin: String?
    /// Free-form detail: the signal name, the failing task and error, the reason given.
    public var detail: String

    /// Creates a cause.
    public init(kind: Kind, origin: String? = nil, detail: String) {
        self.kind = kind
        self.origin = origin
        self.detail = detail
    }

    /// A process signal, e.g. `.signal("SIGTERM")`.
    public static func signal(_ name: String) -> ShutdownCause {
        ShutdownCause(kind: .signal, detail: name)
    }

    /// An explicit request, with an optional reason.
    public static func explicit(_ reason: String = "shutdown requested") -> ShutdownCause {
        ShutdownCause(kind: .explicit, detail: reason)
    }

    /// A deadline passed.
    public static func deadline(_ detail: String = "deadline passed") -> ShutdownCause {
        ShutdownCause(kind: .deadline, detail: detail)
    }

    /// A task failed in a fail-fast scope.
    public static func siblingFailure(scopePath: String, taskName: String, error: any Error) -> ShutdownCause {
        ShutdownCause(kind: .siblingFailure, origin: scopePath,
                      detail: "task '\(taskName)' failed: \(String(describing: error))")
    }

    /// An ancestor is shutting down for `cause`.
    public static func parentShutdown(parentPath: String, cause: ShutdownCause) -> ShutdownCause {
        if cause.kind == .parentShutdown { return cause }
        return ShutdownCause(kind: .parentShutdown, origin: parentPath, detail: cause.description)
    }

    /// A supervised service exceeded its restart intensity.
    public static func escalation(scopePath: String, detail: String) -> ShutdownCause {
        ShutdownCause(kind: .escalation, origin: scopePath, detail: detail)
    }

    /// e.g. `signal SIGTERM` or `parentShutdown from root: signal SIGTERM`.
    public var description: String {
        if let origin { return "\(kind.rawValue) from \(origin): \(detail)" }
        return "\(kind.rawValue) \(detail)"
    }
}

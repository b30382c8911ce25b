/// An error raised by the scope tree itself (as opposed to an error thrown by a task).
///
/// Modelled as a struct wrapping a ``Code`` so new codes can be added without breaking
/// exhaustive `switch`es in user code. Every error names the scope it concerns.
public struct ScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case scopeShuttingDown
            case duplicateScopeName
            case invalidScopeName
            case noCurrentScope
            case restartIntensityExceeded
            case noRaceOperations
        }

        private let base: Base

        /// The scope has begun (or finished) shutting down and accepts no new tasks or children.
        public static let scopeShuttingDown = Code(base: .scopeShuttingDown)
        /// A sibling scope with the same name already exists.
        public static let duplicateScopeName = Code(base: .duplicateScopeName)
        /// A scope name was empty or contained `/`.
        public static let invalidScopeName = Code(base: .invalidScopeName)
        /// An operation that needs `TaskScope.current` was called outside any scope.
        public static let noCurrentScope = Code(base: .noCurrentScope)
        /// A supervised service restarted more often than its ``RestartIntensity`` allows.
        public static let restartIntensityExceeded = Code(base: .restartIntensityExceeded)
        /// `race` was called with no operations.
        public static let noRaceOperations = Code(base: .noRaceOperations)

        /// The code's name, e.g. `scopeShuttingDown`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The path of the scope concerned (e.g. `root/myapp-a/handlers`), or empty when none applies.
    public let scopePath: String
    /// A sentence an operator can act on.
    public let message: String

    /// Creates an error; normally only the library does this.
    public init(_ code: Code, scopePath: String, message: String) {
        self.code = code
        self.scopePath = scopePath
        self.message = message
    }

    /// `ScopeError.<code> [<path>]: <message>`.
    public var description: String {
        scopePath.isEmpty ? "ScopeError.\(code): \(message)" : "ScopeError.\(code) [\(scopePath)]: \(message)"
    }
}

extension ScopeError {
    static func shuttingDown(_ path: String, cause: ShutdownCause?) -> ScopeError {
        let why = cause.map { " (cause: \($0))" } ?? ""
        return ScopeError(.scopeShuttingDown, scopePath: path,
                          message: "scope '\(path)' is shutting down and accepts no new work\(why)")
    }
}

/// How ``race(_:_:)`` picks its winner.
public enum RaceMode: Sendable, Hashable {
    /// The first operation to succeed wins; errors are kept until every operation has failed.
    case firstSuccess
    /// The first operation to finish wins, whether it succeeded or failed.
    case firstCompletion
}

/// Thrown by ``race(_:_:)`` in `.firstSuccess` mode when every operation failed.
public struct RaceFailure: Error, Sendable, CustomStringConvertible {
    /// Each operation's error, by the operation's index.
    public let errors: [Int: any Error]

    /// Lists every error by operation index.
    public var description: String {
        let listed = errors.sorted { $0.key < $1.key }.map { "#\($0.key): \(String(describing: $0.value))" }
        return "all \(errors.count) raced operations failed: " + listed.joined(separator: "; ")
    }
}

/// Runs the operations concurrently as child tasks and returns the winner's result; the losers
/// are cancelled and awaited before `race` returns.
///
/// - Throws: ``RaceFailure`` when every operation failed (`.firstSuccess`); the first error
///   (`.firstCompletion`); ``ScopeError`` `.noRaceOperations` when `operations` is empty.
public func race<T: Sendable>(
    _ mode: RaceMode = .firstSuccess,
    _ operations: [@Sendable () async throws -> T]
) async throws -> T {
    guard !operations.isEmpty else {
        throw ScopeError(.noRaceOperations, scopePath: "", message: "race needs at least one operation")
    }
    return try await withThrowingTaskGroup(of: (Int, Result<T, any Error>).self) { group in
        for (index, operation) in operations.enumerated() {
            group.addTask {
                do { return (index, .success(try await operation())) } catch { return (index, .failure(error)) }
            }
        }
        defer { group.cancelAll() }
        var errors: [Int: any Error] = [:]
        while let (index, result) = try await group.next() {
            switch (mode, result) {
            case (_, .success(let value)): return value
            case (.firstCompletion, .failure(let error)): throw error
            case (.firstSuccess, .failure(let error)): errors[index] = error
            }
        }
        throw RaceFailure(errors: errors)
    }
}

/// Variadic form of ``race(_:_:)``.
public func race<T: Sendable>(
    _ mode: RaceMode = .firstSuccess,
    _ operations: (@Sendable () async throws -> T)...
) async throws -> T {
    try await race(mode, operations)
}

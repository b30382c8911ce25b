/// A task failure as delivered to error handlers.
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    /// Path of the scope the task ran in.
    public let scopePath: String
    /// The task's name.
    public let taskName: String
    /// The task's id within its scope.
    public let taskID: UInt64
    /// What the task threw.
    public let error: any Error
    /// How long the task ran.
    public let duration: Duration

    /// Creates a failure record; normally only the library does this.
    public init(scopePath: String, taskName: String, taskID: UInt64, error: any Error, duration: Duration) {
        self.scopePath = scopePath
        self.taskName = taskName
        self.taskID = taskID
        self.error = error
        self.duration = duration
    }

    /// e.g. `task 'conn-7' #7 in root/app/handlers failed after 0.120s: <error>`.
    public var description: String {
        "task '\(taskName)' #\(taskID) in \(scopePath) failed after \(formatSeconds(duration.inSeconds)): \(String(describing: error))"
    }
}

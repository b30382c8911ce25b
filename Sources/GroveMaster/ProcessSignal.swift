#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX signal number with its name, e.g. `SIGKILL`.
public struct ProcessSignal: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The platform's signal number.
    public let rawValue: Int32

    /// Wraps a signal number.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// `SIGHUP`: reload.
    public static let hangup = ProcessSignal(rawValue: SIGHUP)
    /// `SIGINT`: fast stop.
    public static let interrupt = ProcessSignal(rawValue: SIGINT)
    /// `SIGQUIT`: fast stop.
    public static let quit = ProcessSignal(rawValue: SIGQUIT)
    /// `SIGTERM`: graceful stop (a second one: fast stop).
    public static let terminate = ProcessSignal(rawValue: SIGTERM)
    /// `SIGKILL`: the last escalation step.
    public static let kill = ProcessSignal(rawValue: SIGKILL)
    /// `SIGABRT`: the first escalation step for a stuck worker (it dumps core when allowed).
    public static let abort = ProcessSignal(rawValue: SIGABRT)
    /// `SIGTTIN`: one worker more.
    public static let ttin = ProcessSignal(rawValue: SIGTTIN)
    /// `SIGTTOU`: one worker fewer.
    public static let ttou = ProcessSignal(rawValue: SIGTTOU)
    /// `SIGUSR1`: reopen log files.
    public static let user1 = ProcessSignal(rawValue: SIGUSR1)
    /// `SIGUSR2`: upgrade the binary in place.
    public static let user2 = ProcessSignal(rawValue: SIGUSR2)
    /// `SIGSEGV`.
    public static let segmentationFault = ProcessSignal(rawValue: SIGSEGV)
    /// `SIGILL`: a Swift runtime trap on x86_64 (`ud2`).
    public static let illegalInstruction = ProcessSignal(rawValue: SIGILL)
    /// `SIGTRAP`: a Swift runtime trap on arm64 (`brk`).
    public static let trap = ProcessSignal(rawValue: SIGTRAP)
    /// `SIGBUS`.
    public static let busError = ProcessSignal(rawValue: SIGBUS)
    /// `SIGFPE`.
    public static let floatingPointException = ProcessSignal(rawValue: SIGFPE)

    /// `SIGSYS`.
    public static let badSystemCall = ProcessSignal(rawValue: SIGSYS)

    /// The conventional name, e.g. `"SIGSEGV"`, or `"signal 42"` when unknown.
    public var name: String {
        switch rawValue {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGUSR1: "SIGUSR1"
        case SIGSEGV: "SIGSEGV"
        case SIGUSR2: "SIGUSR2"
        case SIGPIPE: "SIGPIPE"
        case SIGALRM: "SIGALRM"
        case SIGTERM: "SIGTERM"
        case SIGCHLD: "SIGCHLD"
        case SIGTTIN: "SIGTTIN"
        case SIGTTOU: "SIGTTOU"
        case SIGXCPU: "SIGXCPU"
        case SIGSYS: "SIGSYS"
        default: "signal \(rawValue)"
        }
    }

    /// ``name``.
    public var description: String { name }
}

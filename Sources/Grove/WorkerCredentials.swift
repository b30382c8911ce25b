#if canImport(Glibc)
import Glibc
#endif

/// The user and group workers run as (`--user`, `--group`), resolved once in the master.
///
/// The master keeps its own privileges (it binds the sockets of slots added by `SIGTTIN` and
/// owns the pid file); each worker drops to these after the fork, before it serves anything.
public struct WorkerCredentials: Sendable, Hashable {
    /// User id.
    public var uid: uid_t
    /// Group id (the only group the worker keeps).
    public var gid: gid_t

    /// Resolves `user` and `group` (names or numbers); without `group`, the user's primary group.
    public init(user: String?, group: String?) throws(CredentialsError) {
        var uid = getuid()
        var gid = getgid()
        if let user {
            if let number = uid_t(user) {
                uid = number
                if let entry = getpwuid(number) { gid = entry.pointee.pw_gid }
            } else if let entry = getpwnam(user) {
                uid = entry.pointee.pw_uid
                gid = entry.pointee.pw_gid
            } else {
                throw CredentialsError("--user \(user): no such user")
            }
        }
        if let group {
            if let number = gid_t(group) {
                gid = number
            } else if let entry = getgrnam(group) {
                gid = entry.pointee.gr_gid
            } else {
                throw CredentialsError("--group \(group): no such group")
            }
        }
        self.uid = uid
        self.gid = gid
    }

    /// Switches the calling process to these ids (groups first, then the user).
    func apply() throws(CredentialsError) {
        var groups = [gid]
        guard setgroups(1, &groups) == 0 || getuid() != 0 else {
            throw CredentialsError("setgroups: \(String(cString: strerror(errno)))")
        }
        guard setgid(gid) == 0 else { throw CredentialsError("setgid \(gid): \(String(cString: strerror(errno)))") }
        guard setuid(uid) == 0 else { throw CredentialsError("setuid \(uid): \(String(cString: strerror(errno)))") }
    }
}

/// `--user`/`--group` cannot be used.
public struct CredentialsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}

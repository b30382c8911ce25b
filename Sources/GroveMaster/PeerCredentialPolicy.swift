/// Who may use the master's control socket: the user the master runs as, and root. Everyone
/// else is refused, whatever the socket file's mode lets through.
public struct PeerCredentialPolicy: Sendable, Hashable {
    /// The master's user id.
    public var masterUID: UInt32

    /// Makes the policy of a master running as `masterUID`.
    public init(masterUID: UInt32) {
        self.masterUID = masterUID
    }

    /// Nil when a peer running as `peerUID` (pid `peerPID`) may talk to the master; otherwise the
    /// refusal to send it. `peerUID` nil means the kernel did not say who the peer is: refused.
    public func refusal(peerUID: UInt32?, peerPID: Int32?) -> String? {
        guard let peerUID else { return "permission denied: the peer's credentials could not be read" }
        if peerUID == 0 || peerUID == masterUID { return nil }
        let who = peerPID.map { "pid \($0), uid \(peerUID)" } ?? "uid \(peerUID)"
        return "permission denied: the control socket accepts uid \(masterUID) and root only (peer: \(who))"
    }
}

import GroveMaster

/// Whether a worker's graceful stop waits out the drain delay before closing its listeners.
///
/// The delay exists for a load balancer that must notice an *instance* leaving: while it runs,
/// the readiness path answers 503 and everything else is served normally, so requests routed
/// to the instance before the balancer updated still land. It applies when the whole instance
/// goes away: a shutdown of the master (`SIGTERM`, `systemctl stop`, a Kubernetes pod
/// deletion), the master's death, or `SIGTERM` sent to a lone worker.
///
/// It does not apply when another worker takes over the same sockets at once — a reload
/// (`SIGHUP`), a binary upgrade (`SIGUSR2`), recycling, a scale-down, an aborted reload: the
/// instance stays in rotation, the listening sockets stay open in the master, and the old
/// worker closing its copy at once sends every new connection to the new generation. Its
/// readiness still answers 503 from the start of its drain, but only a client already on one
/// of its keep-alive connections can ask it, and that connection is closed after its next
/// response.
public enum DrainDelayPolicy {
    /// The delay for a stop the master requested with `reason` (a ``StopCause`` description).
    public static func delay(forMasterStopReason reason: String, configured: Duration) -> Duration {
        reason == StopCause.shutdown.description ? configured : .zero
    }
}

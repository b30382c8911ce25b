import CLibUV

#if canImport(Glibc)
import Glibc
#endif

/// Process-level controls a forked worker needs that only the libuv shim can reach.
public enum ProcessControl {
    /// Asks the kernel to send `signal` to this process when its parent dies
    /// (`prctl(PR_SET_PDEATHSIG)`), so a worker whose master was killed does not outlive it.
    public static func setParentDeathSignal(_ signal: Int32) throws(LoopError) {
        guard grove_set_parent_death_signal(signal) == 0 else {
            throw LoopError(errno: errno, operation: "prctl PR_SET_PDEATHSIG")
        }
    }
}

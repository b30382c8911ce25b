import GroveLoop
import TaskScopes

/// Scope trees on a worker's loop clock read it as nanoseconds (`uv_hrtime`), without generic
/// dispatch per adopted request. Declared here, where both modules meet, so that `GroveLoop`
/// keeps no dependency on `TaskScopes`.
extension LoopClock: NanosecondClock {}

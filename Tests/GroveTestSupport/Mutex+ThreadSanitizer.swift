#if GROVE_TSAN
import SanitizerVisibleMutex

/// Under `make sanitize` (`-DGROVE_TSAN`), this module's `Mutex` is one ThreadSanitizer can
/// see through (see ``SanitizerVisibleMutex``); otherwise `Synchronization.Mutex`.
typealias Mutex<Value> = SanitizerVisibleMutex<Value>
#endif

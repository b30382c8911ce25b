import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Notices Swift work that leaves an event loop for Swift's global concurrent executor: a plain
/// `Task {}` or `Task.detached` started on the loop (they do not inherit the loop's executor
/// preference), or a hop from a loop task to the global executor. Such a task runs on a pool
/// thread outside every scope: no scope counts it, drains it or names it in a stuck report.
///
/// It installs the Swift runtime's `swift_task_enqueueGlobal_hook` (process-wide; the first
/// ``watch(loop:onEscape:)`` wins) and counts the jobs the loop's thread enqueues on the global
/// executor; each one is passed on to the runtime unchanged. Jobs enqueued by pool threads (an
/// escaped task resuming there) are not counted again. The hook costs nothing to work that
/// stays on the loop: the runtime calls it only for global enqueues.
public enum EscapedTaskMonitor {
    /// Called on the loop's thread, synchronously, while the escaping task is being started
    /// (so `TaskScope.current` and task locals are still those of the code that started it),
    /// with the number of escapes so far.
    public typealias Observer = @Sendable (_ escapes: Int) -> Void

    private typealias Original = @convention(c) (UnsafeMutableRawPointer?) -> Void
    private typealias Hook = @convention(c) (UnsafeMutableRawPointer?, Original?) -> Void

    /// What the hook needs; set once, before the hook is installed, and never changed.
    private final class Watch: Sendable {
        let thread: pthread_t
        let observer: Observer
        let escapes = Atomic(0)
        init(thread: pthread_t, observer: @escaping Observer) {
            self.thread = thread
            self.observer = observer
        }
    }

    /// The one watch of this process. A runtime hook is global by nature: it cannot carry a
    /// context pointer, so the hook finds its state here (under a lock: only work that leaves
    /// the loop pays for it).
    private static let current = Mutex<Watch?>(nil)

    /// Starts counting the jobs `loop`'s thread sends to the global executor; `onEscape` is
    /// told about each one. Call on the loop's thread. Returns false when the runtime has no
    /// such hook or another watch is installed already.
    @discardableResult
    public static func watch(loop: EventLoop, onEscape: @escaping Observer) -> Bool {
        loop.preconditionInLoop("EscapedTaskMonitor.watch")
        // RTLD_DEFAULT (a null handle): the symbol of the Swift runtime loaded in this process.
        guard let symbol = dlsym(nil, "swift_task_enqueueGlobal_hook") else { return false }
        let installed = current.withLock { watch -> Bool in
            guard watch == nil else { return false }
            let made = Watch(thread: loop.ownerThread, observer: onEscape)
            watch = made
            return true
        }
        guard installed else { return false }
        let hook: Hook = { job, original in
            if let watch = EscapedTaskMonitor.current.withLock({ $0 }), pthread_equal(pthread_self(), watch.thread) != 0 {
                let count = watch.escapes.add(1, ordering: .relaxed).newValue
                watch.observer(count)
            }
            original?(job)
        }
        symbol.assumingMemoryBound(to: Hook?.self).pointee = hook
        return true
    }

    /// How many jobs the watched loop's thread sent to the global executor so far.
    public static var escapes: Int {
        current.withLock { $0?.escapes.load(ordering: .relaxed) ?? 0 }
    }
}

// grove-scopes-probe: workloads of TaskScopes' tests that need a process of their own.
//
//   grove-scopes-probe memory
//     Spawns 1,000,000 failing tasks into a supervisor scope in batches of 10,000 and prints
//       memory failed=<n> handled=<n> active=<n> resident_half=<bytes> resident_end=<bytes>
//     Each figure is the least resident set seen after the ten batches that end each half,
//     each read after `malloc_trim(0)`. It is this process's alone: no other test allocates
//     beside it.
import Synchronization
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

struct Boom: Error {}

/// Gives the heap's free pages back to the kernel, so that the resident set measures what is in
/// use rather than the high-water mark of however many tasks happened to be alive at once (which
/// depends on how busy the machine is). glibc's `malloc_trim` is declared in `<malloc.h>`, which
/// the Glibc module does not import, so it is looked up by name.
func trimHeap() {
    guard let symbol = dlsym(nil, "malloc_trim") else { return }
    _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
}

/// Resident set size in bytes (second field of /proc/self/statm).
func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var total = 0, resident = 0
    withUnsafeMutablePointer(to: &total) { totalPointer in
        withUnsafeMutablePointer(to: &resident) { residentPointer in
            _ = withVaList([totalPointer, residentPointer]) { vfscanf(file, "%ld %ld", $0) }
        }
    }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func memoryWorkload() async throws {
    let handled = Atomic<Int>(0)
    let root = TaskScope.root()
    let handlers = try root.child(name: "handlers", policy: .supervise) { _ in
        handled.add(1, ordering: .relaxed)
    }
    let batches = 100
    let batchSize = 10_000
    var residentAtHalf = Int.max
    var residentAtEnd = Int.max
    for batch in 1...batches {
        for _ in 0..<batchSize {
            try handlers.spawn(name: "failing") { throw Boom() }
        }
        await handlers.waitForIdle()
        // The least of ten readings: a task's frame may still be on its way back to malloc.
        let endsFirstHalf = batch > batches / 2 - 10 && batch <= batches / 2
        let endsSecondHalf = batch > batches - 10
        guard endsFirstHalf || endsSecondHalf else { continue }
        trimHeap()
        if endsFirstHalf { residentAtHalf = min(residentAtHalf, residentBytes()) }
        if endsSecondHalf { residentAtEnd = min(residentAtEnd, residentBytes()) }
    }
    // Error handlers run before a task leaves the registry, so all have run by now.
    let snapshot = handlers.snapshot()
    print("memory failed=\(snapshot.failed) handled=\(handled.load(ordering: .relaxed)) active=\(snapshot.active) "
        + "resident_half=\(residentAtHalf) resident_end=\(residentAtEnd)")
}

switch CommandLine.arguments.dropFirst().first {
case "memory":
    try await memoryWorkload()
default:
    print("usage: grove-scopes-probe memory")
    exit(2)
}

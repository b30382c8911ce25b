// grove-scopes-probe: workloads of TaskScopes' tests that need a process of their own.
//
//   grove-scopes-probe memory
//     Spawns 1,000,000 failing tasks into a supervisor scope in batches of 10,000 and prints
//       memory failed=<n> handled=<n> active=<n> resident_half=<bytes> resident_end=<bytes>
//     The resident set is this process's alone: no other test allocates beside it.
import Synchronization
import TaskScopes

#if canImport(Glibc)
import Glibc
#endif

struct Boom: Error {}

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
    var residentAtHalf = 0
    for batch in 1...batches {
        for _ in 0..<batchSize {
            try handlers.spawn(name: "failing") { throw Boom() }
        }
        await handlers.waitForIdle()
        if batch == batches / 2 { residentAtHalf = residentBytes() }
    }
    // Error handlers run before a task leaves the registry, so all have run by now.
    let snapshot = handlers.snapshot()
    print("memory failed=\(snapshot.failed) handled=\(handled.load(ordering: .relaxed)) active=\(snapshot.active) "
        + "resident_half=\(residentAtHalf) resident_end=\(residentBytes())")
}

switch CommandLine.arguments.dropFirst().first {
case "memory":
    try await memoryWorkload()
default:
    print("usage: grove-scopes-probe memory")
    exit(2)
}

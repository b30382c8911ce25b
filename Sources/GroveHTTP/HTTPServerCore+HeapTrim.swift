#if canImport(Glibc)
import Glibc
#endif

extension HTTPServerCore {
    /// How many connections must have parked since the last trim to trim again.
    static let parkedConnectionsPerTrim = 256
    /// The shortest time between two trims, in milliseconds.
    static let trimInterval: UInt64 = 1000

    /// Counts a connection that just gave up its task (its async frames went back to malloc).
    func noteParked() {
        parkedSinceTrim += 1
    }

    /// Gives the memory that parked connections' tasks freed back to the kernel.
    ///
    /// glibc's `free` keeps freed chunks in its arenas, so without a trim a worker's RSS stays
    /// at the peak of its busiest moment even once every connection is parked. `malloc_trim`
    /// releases the free pages inside the heap too (`MADV_DONTNEED`); it walks the heap, so it
    /// runs at most once a second and only after many connections parked.
    func trimHeapAfterParking(now: UInt64) {
        guard parkedSinceTrim >= Self.parkedConnectionsPerTrim, now &- lastTrim >= Self.trimInterval else { return }
        parkedSinceTrim = 0
        lastTrim = now
        _ = Self.mallocTrim?(0)
    }

    /// glibc's `malloc_trim` (declared in `<malloc.h>`, which the Glibc module does not
    /// import), or nil on a C library without it.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}

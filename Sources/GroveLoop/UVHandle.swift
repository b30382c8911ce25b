import CLibUV

/// Memory management for libuv handles owned by Swift objects.
///
/// A handle is allocated with ``allocate(_:)``; its `data` field holds a retained reference to
/// its Swift owner while it is open. ``closeHandle(_:)`` closes it; the close callback releases
/// the owner and frees the memory, so an owner lives at least as long as its open handle.
enum UVHandle {
    /// Allocates zeroed memory for a handle of type `T`.
    static func allocate<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
        UnsafeMutableRawPointer(pointer).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
        return pointer
    }

    /// Views any handle pointer as the base `uv_handle_t`.
    @inline(__always)
    static func base<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_handle_t> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_handle_t.self)
    }

    /// Views any stream handle pointer as `uv_stream_t`.
    @inline(__always)
    static func stream<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_stream_t> {
        UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_stream_t.self)
    }

    /// Stores a retained reference to `owner` in the handle's `data` field.
    static func retain<T>(_ owner: AnyObject, in pointer: UnsafeMutablePointer<T>) {
        base(pointer).pointee.data = Unmanaged.passRetained(owner).toOpaque()
    }

    /// The owner stored by ``retain(_:in:)``, without changing its reference count.
    @inline(__always)
    static func owner<O: AnyObject>(_ type: O.Type, of handle: UnsafeMutablePointer<uv_handle_t>) -> O {
        Unmanaged<O>.fromOpaque(handle.pointee.data!).takeUnretainedValue()
    }

    /// Calls `body` with the owner stored by ``retain(_:in:)`` without retaining it for the
    /// call: the handle holds it until its close callback, which libuv never runs from within
    /// another of the handle's callbacks. For the callbacks that run on every read.
    @inline(__always)
    static func withOwner<O: AnyObject, Result>(
        _ type: O.Type, of handle: UnsafeMutablePointer<uv_handle_t>, _ body: (O) -> Result
    ) -> Result {
        Unmanaged<O>.fromOpaque(handle.pointee.data!)._withUnsafeGuaranteedRef(body)
    }

    /// Closes the handle unless it is already closing; the owner is released and the memory
    /// freed from the close callback.
    static func closeHandle<T>(_ pointer: UnsafeMutablePointer<T>) {
        let handle = base(pointer)
        guard uv_is_closing(handle) == 0 else { return }
        uv_close(handle, releaseOwnerAndFree)
    }

    /// The close callback of owned handles: releases the owner in `data` and frees the memory.
    static let releaseOwnerAndFree: uv_close_cb = { handle in
        guard let handle else { return }
        if let data = handle.pointee.data {
            Unmanaged<AnyObject>.fromOpaque(data).release()
        }
        UnsafeMutableRawPointer(handle).deallocate()
    }
}

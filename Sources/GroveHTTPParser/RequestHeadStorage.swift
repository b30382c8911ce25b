import Atomics
import HTTPTypes

/// A checked request head kept as bytes, turned into an `HTTPRequest` only when someone asks.
///
/// Building swift-http-types' `HTTPRequest` (pseudo-header fields, `HTTPFields`, a string per
/// name and value) and freeing it again cost more than the rest of parsing a small request,
/// and a server that answers from the method and path never needs it. The parser therefore
/// checks every field, keeps a copy of the field lines here — in the same allocation, after
/// the header — and ``request`` builds the `HTTPRequest` from them the first time it is read,
/// once for all readers on any thread.
final class RequestHeadStorage: ManagedBuffer<RequestHeadStorage.Header, UInt8> {
    /// Everything but the field lines. Written only by the factory methods; afterwards the
    /// header is read-only except for `built`, which only swift-atomics' lazy reference touches.
    struct Header {
        let method: HTTPRequest.Method
        /// The method is HEAD (known without comparing strings).
        let isHead: Bool
        /// Scheme, authority and path from the request-target; a nil authority means Host's value.
        let target: RequestTarget
        /// How many bytes of field lines follow (each ending in CRLF, without the empty line).
        let fieldBytes: Int
        let fieldCount: Int
        /// The request once built.
        var built: UnsafeAtomicLazyReference<BuiltRequest>.Storage
    }

    /// A request built once, shared by every reader.
    final class BuiltRequest: Sendable {
        let request: HTTPRequest
        init(_ request: HTTPRequest) { self.request = request }
    }

    /// A parsed head: keeps a copy of `fieldLines`, whose lines the parser checked.
    static func make(
        method: HTTPRequest.Method, isHead: Bool, target: RequestTarget, fieldLines: UnsafeRawBufferPointer,
        fieldCount: Int
    ) -> RequestHeadStorage {
        let storage = create(minimumCapacity: fieldLines.count) { _ in
            Header(method: method, isHead: isHead, target: target, fieldBytes: fieldLines.count, fieldCount: fieldCount,
                   built: .init())
        }
        storage.withUnsafeMutablePointerToElements { elements in
            if let source = fieldLines.baseAddress {
                UnsafeMutableRawPointer(elements).copyMemory(from: source, byteCount: fieldLines.count)
            }
        }
        // `create` is declared to return the base class; the instance is of this class.
        return unsafeDowncast(storage, to: RequestHeadStorage.self)
    }

    /// A head made from a request someone built.
    static func make(built request: HTTPRequest) -> RequestHeadStorage {
        let target = RequestTarget(scheme: request.scheme, authority: request.authority, path: request.path)
        let storage = unsafeDowncast(create(minimumCapacity: 0) { _ in
            Header(method: request.method, isHead: request.method == .head, target: target, fieldBytes: 0, fieldCount: 0, built: .init())
        }, to: RequestHeadStorage.self)
        _ = storage.builtReference.storeIfNilThenLoad(BuiltRequest(request))
        return storage
    }

    deinit {
        withUnsafeMutablePointerToHeader { _ = $0.pointee.built.dispose() }
    }

    // The header is read through its pointer: `ManagedBuffer.header` is a class property, whose
    // every read pays a dynamic exclusivity check, and only `built` ever changes (atomically).

    /// The method.
    var method: HTTPRequest.Method { withUnsafeMutablePointerToHeader { $0.pointee.method } }
    /// Whether the method is HEAD.
    var isHead: Bool { withUnsafeMutablePointerToHeader { $0.pointee.isHead } }
    /// The path from the request-target.
    var path: String? { withUnsafeMutablePointerToHeader { $0.pointee.target.path } }

    /// The request, built on the first read.
    var request: HTTPRequest {
        let reference = builtReference
        if let built = reference.load() { return built.request }
        return reference.storeIfNilThenLoad(BuiltRequest(build())).request
    }

    /// The lazy reference over the header's `built` (valid while this object lives).
    private var builtReference: UnsafeAtomicLazyReference<BuiltRequest> {
        withUnsafeMutablePointerToHeader { UnsafeAtomicLazyReference(at: $0.pointer(to: \.built)!) }
    }

    private func build() -> HTTPRequest {
        let header = withUnsafeMutablePointerToHeader { $0.pointee }
        let (fieldBytes, fieldCount) = (header.fieldBytes, header.fieldCount)
        let (fields, host) = withUnsafeMutablePointerToElements { elements in
            FieldSection.build(UnsafeRawBufferPointer(start: elements, count: fieldBytes), lines: 0..<fieldBytes,
                               fieldCount: fieldCount, omittingHost: true)
        }
        let target = header.target
        // An absolute-form target's authority wins over Host (RFC 9112 §3.2.2).
        return HTTPRequest(
            method: header.method, scheme: target.scheme, authority: target.authority ?? host, path: target.path,
            headerFields: fields)
    }
}

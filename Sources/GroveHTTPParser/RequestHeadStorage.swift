import HTTPTypes
import Synchronization

/// A checked request head kept as bytes, turned into an `HTTPRequest` only when someone asks.
///
/// Building swift-http-types' `HTTPRequest` (pseudo-header fields, `HTTPFields`, a string per
/// name and value) and freeing it again cost more than the rest of parsing a small request,
/// and a server that answers from the method and path never needs it. The parser therefore
/// checks every field, keeps a copy of the field lines here, and ``request`` builds the
/// `HTTPRequest` from them the first time it is read, once for all readers on any thread.
final class RequestHeadStorage: Sendable {
    let method: HTTPRequest.Method
    /// Scheme, authority and path from the request-target; a nil authority means Host's value.
    let target: RequestTarget
    /// The field lines, each ending in CRLF, without the empty line; all were checked.
    private let fieldLines: [UInt8]
    private let fieldCount: Int
    /// The built request: 0, or the bits of a retained ``BuiltRequest``. An atomic word
    /// rather than swift-atomics' `ManagedAtomicLazyReference`, which is one more allocation
    /// for every request, read or not.
    private let built = Atomic<UInt>(0)

    /// A request built once, shared by every reader.
    private final class BuiltRequest: Sendable {
        let request: HTTPRequest
        init(_ request: HTTPRequest) { self.request = request }
    }

    /// A parsed head: keeps a copy of `fieldLines`, whose lines the parser checked.
    init(method: HTTPRequest.Method, target: RequestTarget, fieldLines: UnsafeRawBufferPointer, fieldCount: Int) {
        self.method = method
        self.target = target
        self.fieldLines = Array(fieldLines)
        self.fieldCount = fieldCount
    }

    /// A head made from a request someone built.
    init(built request: HTTPRequest) {
        method = request.method
        target = RequestTarget(scheme: request.scheme, authority: request.authority, path: request.path)
        fieldLines = []
        fieldCount = 0
        built.store(UInt(bitPattern: Unmanaged.passRetained(BuiltRequest(request)).toOpaque()), ordering: .releasing)
    }

    deinit {
        let bits = built.load(ordering: .acquiring)
        if bits != 0 { Self.builtRequest(bits).release() }
    }

    /// The request, built on the first read.
    var request: HTTPRequest {
        let existing = built.load(ordering: .acquiring)
        if existing != 0 { return Self.builtRequest(existing).takeUnretainedValue().request }
        let mine = Unmanaged.passRetained(BuiltRequest(build()))
        let bits = UInt(bitPattern: mine.toOpaque())
        let (stored, winner) = built.compareExchange(
            expected: 0, desired: bits, successOrdering: .acquiringAndReleasing, failureOrdering: .acquiring)
        if stored { return mine.takeUnretainedValue().request }
        // Another thread built it first: use that one.
        mine.release()
        return Self.builtRequest(winner).takeUnretainedValue().request
    }

    private static func builtRequest(_ bits: UInt) -> Unmanaged<BuiltRequest> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: bits)!)
    }

    private func build() -> HTTPRequest {
        let (fields, host) = fieldLines.withUnsafeBytes {
            FieldSection.build($0, lines: 0..<$0.count, fieldCount: fieldCount, omittingHost: true)
        }
        // An absolute-form target's authority wins over Host (RFC 9112 §3.2.2).
        return HTTPRequest(
            method: method, scheme: target.scheme, authority: target.authority ?? host, path: target.path,
            headerFields: fields)
    }
}

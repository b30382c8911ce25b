import Atomics
import HTTPTypes

/// A checked request head kept as bytes, turned into an `HTTPRequest` only when someone asks.
///
/// Building swift-http-types' `HTTPRequest` (pseudo-header fields, `HTTPFields`, a string per
/// name and value) and freeing it again cost more than the rest of parsing a small request,
/// and a server that answers from the method and path never needs it. The parser therefore
/// checks every field and keeps, in one allocation after a plain header, the bytes the request
/// is made of: an unusual method's name, the target's authority, the path, the field lines.
/// ``request`` builds the `HTTPRequest` from them the first time it is read, once for all
/// readers on any thread.
///
/// The header holds no references, so a connection's parser can reuse a storage that nobody
/// else holds any more for its next head (``make(reusing:buffer:line:target:fieldLines:fieldCount:)``).
final class RequestHeadStorage: ManagedBuffer<RequestHeadStorage.Header, UInt8> {
    /// Where some bytes lie in the elements.
    struct Span {
        var start: Int
        var count: Int
    }

    /// Everything but the bytes. Written only by the factory methods, while the storage is
    /// referenced from one place; afterwards only `built` changes, through swift-atomics' lazy
    /// reference.
    struct Header {
        /// How many bytes the elements hold (kept here: `capacity` would ask the allocator).
        var byteCapacity: Int
        var method: MethodCode
        var scheme: RequestTarget.Scheme
        /// The name of a `.other` method.
        var methodName: Span
        /// The target's authority (authority- and absolute-form targets).
        var authority: Span?
        /// The path; nil for CONNECT's authority-form.
        var path: Span?
        /// The field lines, each ending in CRLF, without the empty line.
        var fields: Span
        var fieldCount: Int
        /// Made from a request someone built: `built` holds method, path and all.
        var isBuilt: Bool
        /// The request once built.
        var built: UnsafeAtomicLazyReference<BuiltRequest>.Storage
    }

    /// A request built once, shared by every reader.
    final class BuiltRequest: Sendable {
        let request: HTTPRequest
        init(_ request: HTTPRequest) { self.request = request }
    }

    /// A parsed head: the parts of `buffer` that `line`, `target` (whose ranges are relative
    /// to the line's target) and `fieldLines` name, copied into `spare` when nothing else
    /// holds it and it is large enough, else into a new storage that becomes the spare.
    static func make(
        reusing spare: inout RequestHeadStorage?, buffer: UnsafeRawBufferPointer, line: RequestLine,
        target: RequestTarget, fieldLines: Range<Int>, fieldCount: Int
    ) -> RequestHeadStorage {
        let methodCount = line.method == .other ? line.methodBytes.count : 0
        let authorityCount = target.authority?.count ?? 0
        let pathCount = target.path.count ?? 0
        let needed = methodCount + authorityCount + pathCount + fieldLines.count
        var header = Header(
            byteCapacity: 0, method: line.method, scheme: target.scheme,
            methodName: Span(start: 0, count: methodCount),
            authority: target.authority.map { Span(start: methodCount, count: $0.count) },
            path: target.path.count.map { Span(start: methodCount + authorityCount, count: $0) },
            fields: Span(start: methodCount + authorityCount + pathCount, count: fieldLines.count),
            fieldCount: fieldCount, isBuilt: false, built: .init())
        // The storage is worked on through unretained references: `spare` holds it throughout,
        // and retaining it for every closure below would cost atomic operations per request.
        let storage: RequestHeadStorage
        if isKnownUniquelyReferenced(&spare),
            Unmanaged.passUnretained(spare.unsafelyUnwrapped)._withUnsafeGuaranteedRef({ reusable in
                reusable.withUnsafeMutablePointerToHeader { $0.pointee.byteCapacity } >= needed
            })
        {
            storage = spare.unsafelyUnwrapped
            Unmanaged.passUnretained(storage)._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToHeader { pointer in
                // Nobody else holds the storage, so a plain load tells whether a request was
                // built; the atomic exchange of `dispose` is paid only when one was.
                if UnsafeAtomicLazyReference(at: pointer.pointer(to: \.built)!).load() != nil {
                    _ = pointer.pointee.built.dispose()
                }
                header.byteCapacity = pointer.pointee.byteCapacity
                pointer.pointee = header
            } }
        } else {
            // Rounded up so that the next, slightly larger head of the connection fits.
            header.byteCapacity = (needed + 63) & ~63
            storage = unsafeDowncast(create(minimumCapacity: header.byteCapacity) { _ in header },
                                     to: RequestHeadStorage.self)
            spare = storage
        }
        Unmanaged.passUnretained(storage)._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToElements { elements in
            let destination = UnsafeMutableRawPointer(elements)
            let targetStart = line.target.lowerBound
            func copy(_ range: Range<Int>, to offset: Int) {
                guard !range.isEmpty, let source = buffer.baseAddress else { return }
                ASCII.copyShort(to: destination + offset, from: source + range.lowerBound, count: range.count)
            }
            if methodCount > 0 { copy(line.methodBytes, to: 0) }
            if let authority = target.authority, let span = header.authority {
                copy(authority.lowerBound + targetStart..<authority.upperBound + targetStart, to: span.start)
            }
            if let span = header.path {
                switch target.path {
                case .none: break
                case .bytes(let range):
                    copy(range.lowerBound + targetStart..<range.upperBound + targetStart, to: span.start)
                case .asterisk:
                    destination.storeBytes(of: ASCII.asterisk, toByteOffset: span.start, as: UInt8.self)
                case .slash:
                    destination.storeBytes(of: ASCII.slash, toByteOffset: span.start, as: UInt8.self)
                case .slashThen(let range):
                    destination.storeBytes(of: ASCII.slash, toByteOffset: span.start, as: UInt8.self)
                    copy(range.lowerBound + targetStart..<range.upperBound + targetStart, to: span.start + 1)
                }
            }
            copy(fieldLines, to: header.fields.start)
        } }
        return storage
    }

    /// A head made from a request someone built.
    static func make(built request: HTTPRequest) -> RequestHeadStorage {
        let empty = Span(start: 0, count: 0)
        let header = Header(
            byteCapacity: 0, method: MethodCode(request.method), scheme: .none, methodName: empty, authority: nil,
            path: nil, fields: empty, fieldCount: 0, isBuilt: true, built: .init())
        let storage = unsafeDowncast(create(minimumCapacity: 0) { _ in header }, to: RequestHeadStorage.self)
        _ = storage.builtReference.storeIfNilThenLoad(BuiltRequest(request))
        return storage
    }

    deinit {
        withUnsafeMutablePointerToHeader { _ = $0.pointee.built.dispose() }
    }

    // The header is read through its pointer: `ManagedBuffer.header` is a class property, whose
    // every read pays a dynamic exclusivity check, and only `built` ever changes (atomically).

    /// The method.
    var method: HTTPRequest.Method {
        let (code, name, isBuilt) = withUnsafeMutablePointerToHeader {
            ($0.pointee.method, $0.pointee.methodName, $0.pointee.isBuilt)
        }
        if isBuilt { return request.method }
        if let known = code.knownMethod { return known }
        // The parser checked the name with this very initializer; the fallback is unreachable.
        return withBytes(name) { MethodCode.method(spelled: $0) } ?? .get
    }

    /// The method's code (no string is made).
    var methodCode: MethodCode { withUnsafeMutablePointerToHeader { $0.pointee.method } }

    /// Whether the method is HEAD.
    var isHead: Bool { withUnsafeMutablePointerToHeader { $0.pointee.method == .head } }

    /// The path from the request-target.
    var path: String? {
        let (span, isBuilt) = withUnsafeMutablePointerToHeader { ($0.pointee.path, $0.pointee.isBuilt) }
        if isBuilt { return request.path }
        guard let span else { return nil }
        return withBytes(span) { ASCII.string($0) }
    }

    /// Calls `body` with the path's bytes, or returns nil when there is no path.
    func withPathBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
        let (span, isBuilt) = withUnsafeMutablePointerToHeader { ($0.pointee.path, $0.pointee.isBuilt) }
        if isBuilt {
            guard var path = request.path else { return nil }
            return try path.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        }
        guard let span else { return nil }
        return try withBytes(span, body)
    }

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

    /// Calls `body` with the bytes of `span`.
    private func withBytes<Result>(_ span: Span, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointerToElements { elements in
            try body(UnsafeRawBufferPointer(start: elements + span.start, count: span.count))
        }
    }

    private func build() -> HTTPRequest {
        let header = withUnsafeMutablePointerToHeader { $0.pointee }
        let (fields, host) = withBytes(header.fields) { lines in
            FieldSection.build(lines, lines: 0..<lines.count, fieldCount: header.fieldCount, omittingHost: true)
        }
        let authority = header.authority.map { withBytes($0) { ASCII.string($0) } }
        // An absolute-form target's authority wins over Host (RFC 9112 §3.2.2).
        return HTTPRequest(
            method: method, scheme: header.scheme.name, authority: authority ?? host, path: path,
            headerFields: fields)
    }
}

/// The common request head in one pass: a known method, an origin-form target, HTTP/1.1 or
/// 1.0, and fields none of which bears on framing or the connection (Host aside) — what a
/// load balancer's health check, `wrk` or an API client sends.
///
/// The general path scans a head for its end (``FieldSectionScan``), which it must do to take
/// a head arriving in pieces, and then parses the lines it found (``RequestHeadParser``). When
/// a whole head has arrived at once, this parser does both in one pass. It never rejects
/// anything: on any byte it does not expect — an error, a limit reached, a field it leaves to
/// the general path, a head not complete yet — it returns nil and the general path runs as if
/// it had not been tried, so every error and every unusual request is judged there. What it
/// accepts, it accepts with exactly the head the general path would make: a differential test
/// holds it to that, and so does the fuzz target, whose whole-buffer runs take this path and
/// whose byte-by-byte runs cannot.
enum FastHeadParser {
    /// The head at the start of `buffer` and the offset just past it, or nil to leave the
    /// buffer to the general path.
    static func parse(
        _ buffer: UnsafeRawBufferPointer, limits: HTTPParserLimits, reusing spare: inout RequestHeadStorage?
    ) -> (head: HTTPRequestHead, end: Int)? {
        // The smallest head, "GET / HTTP/1.0\r\n\r\n", has 18 bytes.
        guard let base = buffer.baseAddress, buffer.count >= 18 else { return nil }
        // Everything searched stays below the head size limit, so no line reaches it.
        let count = min(buffer.count, limits.maxHeaderBytes)

        // The method and the space after it.
        let method: MethodCode
        let targetStart: Int
        switch base.loadUnaligned(as: UInt32.self) {
        case 0x2054_4547: (method, targetStart) = (.get, 4)  // "GET "
        case 0x2054_5550: (method, targetStart) = (.put, 4)  // "PUT "
        case 0x5453_4F50 where base.load(fromByteOffset: 4, as: UInt8.self) == ASCII.space:
            (method, targetStart) = (.post, 5)  // "POST "
        case 0x4441_4548 where base.load(fromByteOffset: 4, as: UInt8.self) == ASCII.space:
            (method, targetStart) = (.head, 5)  // "HEAD "
        default: return nil
        }

        // An origin-form target of visible ASCII without `%` (escapes are checked elsewhere).
        guard base.load(fromByteOffset: targetStart, as: UInt8.self) == ASCII.slash else { return nil }
        var targetEnd = targetStart + 1
        while true {
            guard targetEnd < count else { return nil }
            let byte = base.load(fromByteOffset: targetEnd, as: UInt8.self)
            if byte == ASCII.space { break }
            guard ASCII.isVisible(byte), byte != ASCII.percent else { return nil }
            targetEnd += 1
        }

        // " HTTP/1.x\r\n": the version and the end of the request line.
        let lineEnd = targetEnd + 10  // the LF's offset
        guard lineEnd < count, lineEnd < limits.maxRequestLineLength,
            base.loadUnaligned(fromByteOffset: targetEnd + 1, as: UInt64.self) & 0xFEFF_FFFF_FFFF_FFFF
                == 0x302E_312F_5054_5448,  // "HTTP/1.0" with the last digit's low bit cleared
            base.loadUnaligned(fromByteOffset: targetEnd + 9, as: UInt16.self) == 0x0A0D
        else { return nil }
        let version: HTTPVersion = base.load(fromByteOffset: targetEnd + 8, as: UInt8.self) == 0x31 ? .http1_1 : .http1_0

        // The field lines, up to the empty line.
        let fieldsStart = lineEnd + 1
        var lineStart = fieldsStart
        var fieldCount = 0
        var hostCount = 0
        while true {
            guard lineStart + 1 < count else { return nil }
            if base.load(fromByteOffset: lineStart, as: UInt8.self) == ASCII.cr {
                guard base.load(fromByteOffset: lineStart + 1, as: UInt8.self) == ASCII.lf else { return nil }
                break
            }
            // The line, split and checked as the general path does (obsolete folding, a name
            // that is not a token, a bad value byte: all left to it).
            guard let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: lineStart, to: count),
                base.load(fromByteOffset: lf - 1, as: UInt8.self) == ASCII.cr,
                case .success(let field) = FieldSection.parseLine(buffer.slice(lineStart..<lf - 1))
            else { return nil }
            let value = field.value
            switch KnownFieldName.role(of: field.name) {
            case .other:
                break
            case .host:
                hostCount += 1
                guard hostCount == 1, ASCII.allHostChars(value) else { return nil }
            case .contentLength, .transferEncoding, .connection, .expect:
                return nil
            }
            fieldCount += 1
            guard fieldCount < limits.maxHeaderCount else { return nil }
            lineStart = lf + 1
        }
        guard hostCount == 1 || version == .http1_0 else { return nil }

        let line = RequestLine(
            method: method, methodBytes: 0..<targetStart - 1, target: targetStart..<targetEnd, version: version)
        let storage = RequestHeadStorage.make(
            reusing: &spare, buffer: buffer, line: line,
            target: RequestTarget(scheme: .none, authority: nil, path: .bytes(0..<targetEnd - targetStart)),
            fieldLines: fieldsStart..<lineStart, fieldCount: fieldCount)
        let head = HTTPRequestHead(
            storage: storage, version: version, keepAlive: version == .http1_1, expectContinue: false, framing: .none)
        return (head, lineStart + 2)
    }
}

import HTTPTypes

/// The three parts of a request line, `method SP request-target SP HTTP-version`
/// (RFC 9112 §3), validated; the target is left as a range of the input.
struct RequestLine {
    /// The method, told when its bytes were matched (comparing `HTTPRequest.Method` values
    /// compares strings); `.other` methods are spelled by the bytes at `methodBytes`.
    var method: MethodCode
    var methodBytes: Range<Int>
    var target: Range<Int>
    var version: HTTPVersion

    /// The method is CONNECT.
    var isConnect: Bool { method == .connect }
    /// The method is OPTIONS.
    var isOptions: Bool { method == .options }

    /// Parses `line[bounds]`, the request line without its CRLF.
    static func parse(_ line: UnsafeRawBufferPointer, bounds: Range<Int>) -> Result<RequestLine, HTTPParseError> {
        let end = bounds.upperBound
        guard let methodEnd = ASCII.firstIndex(of: ASCII.space, in: line, from: bounds.lowerBound, to: end) else {
            return .failure(HTTPParseError(.invalidRequestLine))
        }
        guard let method = parseMethod(line.slice(bounds.lowerBound..<methodEnd)) else {
            return .failure(HTTPParseError(.invalidMethod))
        }
        let targetStart = methodEnd + 1
        guard let targetEnd = ASCII.firstIndex(of: ASCII.space, in: line, from: targetStart, to: end) else {
            return .failure(HTTPParseError(.invalidRequestLine))
        }
        guard isValidTarget(line.slice(targetStart..<targetEnd)) else {
            return .failure(HTTPParseError(.invalidTarget))
        }
        switch parseVersion(line.slice(targetEnd + 1..<end)) {
        case .success(let version):
            return .success(
                RequestLine(
                    method: method, methodBytes: bounds.lowerBound..<methodEnd, target: targetStart..<targetEnd,
                    version: version))
        case .failure(let error):
            return .failure(error)
        }
    }

    /// A method token's code; nothing is allocated unless the method is an unusual one.
    private static func parseMethod(_ bytes: UnsafeRawBufferPointer) -> MethodCode? {
        switch bytes.count {
        case 3 where bytes[0] == 0x47 && bytes[1] == 0x45 && bytes[2] == 0x54: return .get
        case 4 where bytes[0] == 0x50 && bytes[1] == 0x4F && bytes[2] == 0x53 && bytes[3] == 0x54: return .post
        case 4 where bytes[0] == 0x48 && bytes[1] == 0x45 && bytes[2] == 0x41 && bytes[3] == 0x44: return .head
        case 3 where bytes[0] == 0x50 && bytes[1] == 0x55 && bytes[2] == 0x54: return .put
        default:
            guard !bytes.isEmpty, bytes.allSatisfy(ASCII.isTokenChar), MethodCode.method(spelled: bytes) != nil
            else { return nil }
            return ASCII.equalsExactly(bytes, "CONNECT") ? .connect
                : ASCII.equalsExactly(bytes, "OPTIONS") ? .options : .other
        }
    }

    /// Visible ASCII only, no empty target, and every `%` followed by two hex digits.
    private static func isValidTarget(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard ASCII.isVisible(byte) else { return false }
            if byte == ASCII.percent {
                guard index + 2 < bytes.count,
                    ASCII.hexValue(bytes[index + 1]) != nil,
                    ASCII.hexValue(bytes[index + 2]) != nil
                else { return false }
                index += 3
            } else {
                index += 1
            }
        }
        return true
    }

    /// `HTTP/1.0` or `HTTP/1.1`; another well-formed `HTTP/DIGIT.DIGIT` is unsupported (505).
    private static func parseVersion(_ bytes: UnsafeRawBufferPointer) -> Result<HTTPVersion, HTTPParseError> {
        guard bytes.count == 8,
            bytes[0] == 0x48, bytes[1] == 0x54, bytes[2] == 0x54, bytes[3] == 0x50, bytes[4] == ASCII.slash,
            bytes[6] == 0x2E,
            bytes[5] &- 0x30 < 10, bytes[7] &- 0x30 < 10
        else {
            return .failure(HTTPParseError(.invalidVersion))
        }
        let version = HTTPVersion(major: bytes[5] &- 0x30, minor: bytes[7] &- 0x30)
        guard version == .http1_1 || version == .http1_0 else {
            return .failure(HTTPParseError(.unsupportedVersion))
        }
        return .success(version)
    }
}

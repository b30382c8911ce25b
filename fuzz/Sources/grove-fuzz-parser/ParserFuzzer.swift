import GroveHTTPParser

/// Runs one fuzz input through the parser three ways — whole, split at an offset taken
/// from the input, and byte by byte — and traps if the parser breaks its contract or the
/// three runs disagree. The first byte of the input chooses the limits and split point.
enum ParserFuzzer {
    static func run(_ data: UnsafeRawBufferPointer) {
        guard let selector = data.first else { return }
        let input = Array(data.dropFirst())
        let limits =
            selector & 1 == 0
            ? HTTPParserLimits()
            : HTTPParserLimits(
                maxRequestLineLength: 64, maxHeaderBytes: 256, maxHeaderCount: 5,
                maxBodySize: 100, maxChunkExtensionLength: 16)
        let whole = transcript(input, pieceSize: input.count, limits: limits)
        let cut = input.isEmpty ? 1 : 1 + Int(selector >> 1) % input.count
        let split = transcript(input, pieceSize: cut, limits: limits)
        let bytewise = transcript(input, pieceSize: 1, limits: limits)
        precondition(whole == split, "split at \(cut) differs:\n\(whole)\n\(split)")
        precondition(whole == bytewise, "byte-by-byte differs:\n\(whole)\n\(bytewise)")
    }

    /// Feeds `input` in pieces of `pieceSize` bytes and describes every event; body bytes
    /// are concatenated so that differently split runs describe alike.
    private static func transcript(_ input: [UInt8], pieceSize: Int, limits: HTTPParserLimits) -> [String] {
        var parser = HTTPRequestParser(limits: limits)
        var pending: [UInt8] = []
        var lines: [String] = []
        var body: [UInt8] = []
        var start = 0
        repeat {
            let end = min(input.count, start + max(pieceSize, 1))
            pending += input[start..<end]
            start = end
            var idleCalls = 0
            parsing: while true {
                let result = pending.withUnsafeBytes { parser.parse($0) }
                precondition((0...pending.count).contains(result.consumed), "consumed out of bounds")
                switch result.event {
                case .needMore, .body: break
                default: flush(&body, into: &lines)
                }
                switch result.event {
                case .needMore:
                    pending.removeFirst(result.consumed)
                    precondition(pending.count <= limits.maxHeaderBytes, "kept more than the header limit")
                    break parsing
                case .head(let head):
                    lines.append("head \(head.request) \(head.version) \(head.keepAlive) \(head.expectContinue) \(head.framing)")
                case .body(let range):
                    precondition(!range.isEmpty && range.upperBound <= result.consumed, "bad body range")
                    body += pending[range]
                case .end(let trailers):
                    lines.append("end \(String(describing: trailers))")
                case .error(let error):
                    lines.append("error \(error)")
                    return lines
                }
                pending.removeFirst(result.consumed)
                idleCalls = result.consumed == 0 ? idleCalls + 1 : 0
                precondition(idleCalls <= 1, "no progress")
            }
        } while start < input.count
        flush(&body, into: &lines)
        return lines
    }

    /// Describes the body bytes gathered since the last other event, if any.
    private static func flush(_ body: inout [UInt8], into lines: inout [String]) {
        if !body.isEmpty { lines.append("body \(body)") }
        body = []
    }
}

/// The libFuzzer entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParserOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ParserFuzzer.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

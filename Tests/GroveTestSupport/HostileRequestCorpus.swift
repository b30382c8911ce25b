/// Hostile requests sized for the server's default limits, and the full corpus a running
/// `grove serve` (default limits) must refuse over real sockets.
///
/// The parser corpus (``malformedCorpus``) checks oversized requests against ``SmallLimits``;
/// a server runs with the defaults, so the oversized cases are spelled again here at those
/// sizes (request line 8 KiB, head 16 KiB, 100 fields, body 1 MiB, chunk extension 256 bytes).
public enum HostileRequestCorpus {
    private static let get = "GET / HTTP/1.1\r\nHost: x\r\n"
    private static let post = "POST / HTTP/1.1\r\nHost: x\r\n"
    private static let chunked = post + "Transfer-Encoding: chunked\r\n\r\n"

    private static func sample(_ name: String, _ text: String, _ status: Int) -> MalformedSample {
        MalformedSample(name: name, bytes: Array(text.utf8), status: status, limits: .standard)
    }

    /// Oversized lines, heads, field counts, bodies and chunk extensions at the default limits.
    public static let oversizedAtStandardLimits: [MalformedSample] = [
        sample("request line over 8 KiB", "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        sample("request line over 8 KiB without end", "GET /" + String(repeating: "a", count: 9000), 414),
        sample("method over 8 KiB", String(repeating: "G", count: 9000) + " / HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        sample("head over 16 KiB in one field", get + "X-Big: " + String(repeating: "v", count: 17_000) + "\r\n\r\n", 431),
        sample("head over 16 KiB in many fields", get + String(repeating: "X-Field: " + String(repeating: "v", count: 170) + "\r\n", count: 99) + "\r\n", 431),
        sample("head over 16 KiB without end", get + "X-Big: " + String(repeating: "v", count: 17_000), 431),
        sample("101 fields", get + String(repeating: "X: v\r\n", count: 100) + "\r\n", 431),
        sample("9000 empty lines before the request", String(repeating: "\r\n", count: 9000) + get + "\r\n", 431),
        sample("Content-Length over 1 MiB", post + "Content-Length: 1048577\r\n\r\n", 413),
        sample("chunk size over 1 MiB", chunked + "100001\r\n", 413),
        sample("chunk extension over 256 bytes", chunked + "5;" + String(repeating: "e", count: 300) + "\r\nhello\r\n0\r\n\r\n", 400),
        sample("trailers over 16 KiB", chunked + "0\r\nX-T: " + String(repeating: "t", count: 17_000) + "\r\n\r\n", 431),
        sample("101 trailers", chunked + "0\r\n" + String(repeating: "X: t\r\n", count: 101) + "\r\n", 431),
    ]

    /// Injection and framing tricks the parser corpus does not spell out.
    public static let extras: [MalformedSample] = [
        sample("header injection via CR in value", get + "X-A: a\rSet-Cookie: evil\r\n\r\n", 400),
        sample("header injection via LF in value", get + "X-A: a\nSet-Cookie: evil\r\n\r\n", 400),
        sample("request injection via LF in target", "GET /a\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        sample("CL.CL smuggling", post + "Content-Length: 0\r\nContent-Length: 44\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        sample("CL with leading zeros and sign", post + "Content-Length: -0\r\n\r\n", 400),
        sample("TE with CL in HTTP/1.0", "POST / HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc", 400),
        sample("TE obs-fold smuggling", post + "Transfer-Encoding: identity\r\n  , chunked\r\n\r\n", 400),
        sample("NUL as whole request", "\u{0}\u{0}\u{0}\u{0}\r\n\r\n", 400),
        sample("method lowercase get with NUL target", "get /\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        sample("version HTTP/3.0", "GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505),
        sample("version missing", "GET / \r\nHost: x\r\n\r\n", 400),
        sample("version HTTPS/1.1", "GET / HTTPS/1.1\r\nHost: x\r\n\r\n", 400),
        sample("bare CR line endings", "GET / HTTP/1.1\rHost: x\r\r\n\r\n", 400),
        sample("obs-fold of Host", "GET / HTTP/1.1\r\nHost:\r\n x\r\n\r\n", 400),
    ]

    /// Everything a server with default limits must refuse: the parser corpus's samples that
    /// assume the default limits, the raw-byte samples, the oversized samples and the extras.
    public static var all: [MalformedSample] {
        malformedCorpus.filter { $0.limits == .standard } + malformedByteCorpus + oversizedAtStandardLimits + extras
    }
}

/// Which parser limits a malformed sample assumes.
public enum SampleLimits: Sendable, Hashable {
    /// The parser's and the server's defaults (request line 8 KiB, head 16 KiB, 100 fields,
    /// body 1 MiB, chunk extension 256 bytes).
    case standard
    /// ``SmallLimits``: small enough to split an oversized sample at every byte.
    case small
}

/// The small limits of ``SampleLimits/small``, as plain numbers (the parser tests turn them
/// into `HTTPParserLimits`).
public enum SmallLimits {
    /// Longest request line.
    public static let maxRequestLineLength = 64
    /// Largest head (request line and fields).
    public static let maxHeaderBytes = 256
    /// Most fields.
    public static let maxHeaderCount = 5
    /// Largest body.
    public static let maxBodySize = 100
    /// Longest chunk extension.
    public static let maxChunkExtensionLength = 16
}

/// One hostile or malformed request and the status the server must answer.
public struct MalformedSample: Sendable, CustomStringConvertible {
    /// A unique, readable name.
    public var name: String
    /// The bytes sent.
    public var bytes: [UInt8]
    /// The status the parser reports and the server answers.
    public var status: Int
    /// The limits the status assumes.
    public var limits: SampleLimits

    /// The name.
    public var description: String { name }
}

private func sample(_ name: String, _ text: String, _ status: Int, limits: SampleLimits = .standard) -> MalformedSample {
    MalformedSample(name: name, bytes: Array(text.utf8), status: status, limits: limits)
}

private func sample(_ name: String, bytes: [UInt8], _ status: Int) -> MalformedSample {
    MalformedSample(name: name, bytes: bytes, status: status, limits: .standard)
}

private let get = "GET / HTTP/1.1\r\nHost: x\r\n"
private let post = "POST / HTTP/1.1\r\nHost: x\r\n"
private let chunked = post + "Transfer-Encoding: chunked\r\n\r\n"

/// The corpus of malformed requests: smuggling variants, framing, request line, fields,
/// chunked encoding and limits. Each must end in an error with the given status, whole
/// or split anywhere.
public let malformedCorpus: [MalformedSample] = [
    // MARK: Request smuggling: Content-Length vs Transfer-Encoding
    sample("CL.TE", post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", 400),
    sample("TE.CL", post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGPOST", 400),
    sample("TE.CL with zero length", post + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n", 400),
    sample("TE.TE second header not chunked", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n", 400),
    sample("TE.TE chunked twice in two headers", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    sample("TE chunked, identity", post + "Transfer-Encoding: chunked, identity\r\n\r\n", 400),
    sample("TE chunked, chunked", post + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400),
    sample("TE identity, chunked", post + "Transfer-Encoding: identity, chunked\r\n\r\n", 501),
    sample("TE gzip, chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
    sample("TE gzip only", post + "Transfer-Encoding: gzip\r\n\r\n", 400),
    sample("TE identity only", post + "Transfer-Encoding: identity\r\n\r\n", 400),
    sample("TE xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n", 400),
    sample("TE chunkedx", post + "Transfer-Encoding: chunkedx\r\n\r\n", 400),
    sample("TE with parameter", post + "Transfer-Encoding: chunked;q=1\r\n\r\n", 400),
    sample("TE quoted", post + "Transfer-Encoding: \"chunked\"\r\n\r\n", 400),
    sample("TE empty", post + "Transfer-Encoding:\r\n\r\n", 400),
    sample("TE only commas", post + "Transfer-Encoding: , ,\r\n\r\n", 400),
    sample("TE space before colon", post + "Transfer-Encoding : chunked\r\n\r\n", 400),
    sample("TE tab before colon", post + "Transfer-Encoding\t: chunked\r\n\r\n", 400),
    sample("TE leading space (fold of first field)", "POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: x\r\n\r\n", 400),
    sample("TE obs-fold value", post + "Transfer-Encoding:\r\n chunked\r\n\r\n", 400),
    sample("TE vertical tab", post + "Transfer-Encoding: \u{0B}chunked\r\n\r\n", 400),
    sample("TE form feed", post + "Transfer-Encoding: chunked\u{0C}\r\n\r\n", 400),
    sample("TE NUL", post + "Transfer-Encoding: chunked\u{0}\r\n\r\n", 400),
    sample("TE bare CR", post + "Transfer-Encoding: chunked\rX: y\r\n\r\n", 400),
    sample("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
    sample("TE name with underscore is no TE, CL.TE still caught", post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nTransfer_Encoding: x\r\n\r\n", 400),

    // MARK: Content-Length
    sample("CL plus sign", post + "Content-Length: +5\r\n\r\nhello", 400),
    sample("CL negative", post + "Content-Length: -1\r\n\r\n", 400),
    sample("CL hex", post + "Content-Length: 0x10\r\n\r\n", 400),
    sample("CL exponent", post + "Content-Length: 1e3\r\n\r\n", 400),
    sample("CL decimal point", post + "Content-Length: 5.0\r\n\r\n", 400),
    sample("CL inner space", post + "Content-Length: 5 5\r\n\r\n", 400),
    sample("CL empty", post + "Content-Length:\r\n\r\n", 400),
    sample("CL only comma", post + "Content-Length: ,\r\n\r\n", 400),
    sample("CL letters", post + "Content-Length: five\r\n\r\n", 400),
    sample("CL overflow", post + "Content-Length: 99999999999999999999999\r\n\r\n", 400),
    sample("CL Int64 overflow by one", post + "Content-Length: 9223372036854775808\r\n\r\n", 400),
    sample("CL differing list", post + "Content-Length: 5, 6\r\n\r\nhello", 400),
    sample("CL differing duplicates", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
    sample("CL zero then non-zero", post + "Content-Length: 0\r\nContent-Length: 10\r\n\r\n", 400),
    sample("CL list with garbage", post + "Content-Length: 5, x\r\n\r\n", 400),
    sample("CL space before colon", post + "Content-Length : 5\r\n\r\nhello", 400),
    sample("CL NUL", post + "Content-Length: 5\u{0}\r\n\r\nhello", 400),
    sample("CL over body limit", post + "Content-Length: 2000000\r\n\r\n", 413),
    sample("CL huge but valid number", post + "Content-Length: 9223372036854775807\r\n\r\n", 413),

    // MARK: Chunked encoding
    sample("chunk size 0x prefix", chunked + "0x5\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size empty extension name", chunked + "5;\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size overflow", chunked + "fffffffffffffffff\r\n", 400),
    sample("chunk size 16 digits overflow", chunked + "8000000000000000\r\n", 400),
    sample("chunk size too many leading zeros", chunked + "00000000000000005\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size empty", chunked + "\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size negative", chunked + "-5\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size plus", chunked + "+5\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size not hex", chunked + "g\r\n", 400),
    sample("chunk size leading space", chunked + " 5\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size trailing space", chunked + "5 \r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size bare LF", chunked + "5\nhello\r\n0\r\n\r\n", 400),
    sample("chunk size bare CR", chunked + "5\rhello\r\n0\r\n\r\n", 400),
    sample("chunk data too long", chunked + "5\r\nhelloX\r\n0\r\n\r\n", 400),
    sample("chunk data too short", chunked + "5\r\nhell\r\n0\r\n\r\n", 400),
    sample("chunk data bare LF", chunked + "5\r\nhello\n0\r\n\r\n", 400),
    sample("chunk data CR CR LF", chunked + "5\r\nhello\r\r\n0\r\n\r\n", 400),
    sample("chunk extension no name", chunked + "5;=x\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension two tokens", chunked + "5;a b\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension double equals", chunked + "5;a=b=c\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension empty value", chunked + "5;a=\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension text after quote", chunked + "5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension unterminated quote", chunked + "5;a=\"x\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension control in quote", chunked + "5;a=\"\u{1}\"\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension bad quoted pair", chunked + "5;a=\"\\\u{0}\"\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension NUL", chunked + "5;a\u{0}\r\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension bare LF", chunked + "5;a=b\nhello\r\n0\r\n\r\n", 400),
    sample("chunk extension too long", chunked + "5;aaaaaaaaaaaaaaaaa=b\r\nhello\r\n0\r\n\r\n", 400, limits: .small),
    sample("chunked body over limit", chunked + "40\r\n" + String(repeating: "a", count: 64) + "\r\n40\r\n", 413, limits: .small),
    sample("chunk size over limit", chunked + "ffffff\r\n", 413),
    sample("last chunk bare LF", chunked + "0\n\r\n", 400),
    sample("missing final CRLF before next request", chunked + "0\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("trailer without colon", chunked + "0\r\nX\r\n\r\n", 400),
    sample("missing final CRLF then bare LF", chunked + "0\r\n\n", 400),
    sample("trailer Content-Length", chunked + "0\r\nContent-Length: 5\r\n\r\n", 400),
    sample("trailer Transfer-Encoding", chunked + "0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    sample("trailer Host", chunked + "0\r\nHost: evil\r\n\r\n", 400),
    sample("trailer obs-fold", chunked + "0\r\nX-A: a\r\n b\r\n\r\n", 400),
    sample("trailer space before colon", chunked + "0\r\nX-A : a\r\n\r\n", 400),
    sample("trailer bare LF", chunked + "0\r\nX-A: a\n\r\n", 400),
    sample("too many trailers", chunked + "0\r\n" + String(repeating: "X: y\r\n", count: 6) + "\r\n", 431, limits: .small),
    sample("trailer section too large", chunked + "0\r\nX: " + String(repeating: "y", count: 300) + "\r\n\r\n", 431, limits: .small),

    // MARK: Request line
    sample("method with space", "G ET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("method with tab", "GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("method empty", " / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("method with paren", "GE(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("method with NUL", "GET\u{0} / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("method non-ASCII", "GÉT / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("double space after method", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("double space before version", "GET /  HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("trailing space after version", "GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
    sample("only method", "GET\r\nHost: x\r\n\r\n", 400),
    sample("HTTP/0.9 style", "GET /\r\n\r\n", 400),
    sample("NUL in target", "GET /a\u{0}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("space in target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("tab in target", "GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("DEL in target", "GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("non-ASCII in target", "GET /café HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("bad percent escape", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("truncated percent escape", "GET /a%4 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("asterisk for GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("double asterisk", "OPTIONS ** HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("relative target", "GET example.com HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("CONNECT with path", "CONNECT /path HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("absolute-form other scheme", "GET ftp://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("absolute-form userinfo", "GET http://user@x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("absolute-form empty authority", "GET http:/// HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("version HTTP/1.2", "GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
    sample("version HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    sample("version HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505),
    sample("HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
    sample("version lowercase", "GET / http/1.1\r\nHost: x\r\n\r\n", 400),
    sample("version trailing garbage", "GET / HTTP/1.1x\r\nHost: x\r\n\r\n", 400),
    sample("version two digits", "GET / HTTP/11.1\r\nHost: x\r\n\r\n", 400),
    sample("version without minor", "GET / HTTP/1\r\nHost: x\r\n\r\n", 400),
    sample("version with letters", "GET / HTTP/a.b\r\nHost: x\r\n\r\n", 400),
    sample("bare CR in request line", "GET / HTTP/1.1\rHost: x\r\n\r\n", 400),
    sample("bare LF after request line", "GET / HTTP/1.1\nHost: x\r\n\r\n", 400),
    sample("bare LF line endings", "GET / HTTP/1.1\nHost: x\n\n", 400),
    sample("bare LF before request line", "\nGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    sample("bare LF final line", get + "\n", 400),
    sample("CR before request line", "\rGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),

    // MARK: Field lines
    sample("space in field name", get + "X-Bad Name: v\r\n\r\n", 400),
    sample("space before colon", get + "X-Name : v\r\n\r\n", 400),
    sample("tab before colon", get + "X-Name\t: v\r\n\r\n", 400),
    sample("empty field name", get + ": v\r\n\r\n", 400),
    sample("field without colon", get + "NoColon\r\n\r\n", 400),
    sample("paren in field name", get + "X(A): v\r\n\r\n", 400),
    sample("NUL in field name", get + "X-A\u{0}: v\r\n\r\n", 400),
    sample("non-ASCII field name", get + "X-Ä: v\r\n\r\n", 400),
    sample("obs-fold with space", get + "X-A: a\r\n b\r\n\r\n", 400),
    sample("obs-fold with tab", get + "X-A: a\r\n\tb\r\n\r\n", 400),
    sample("NUL in value", get + "X-A: a\u{0}b\r\n\r\n", 400),
    sample("bare CR in value", get + "X-A: a\rb\r\n\r\n", 400),
    sample("CR before CRLF", get + "X-A: a\r\r\n\r\n", 400),
    sample("DEL in value", get + "X-A: a\u{7F}\r\n\r\n", 400),
    sample("escape in value", get + "X-A: \u{1B}[31m\r\n\r\n", 400),
    sample("header injection via bare LF", get + "X-A: a\nX-Injected: 1\r\n\r\n", 400),
    sample("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
    sample("missing Host with absolute-form", "GET http://x/ HTTP/1.1\r\n\r\n", 400),
    sample("double Host", get + "Host: y\r\n\r\n", 400),
    sample("double identical Host", get + "host: x\r\n\r\n", 400),
    sample("double Host in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    sample("Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
    sample("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@x\r\n\r\n", 400),
    sample("Host with path", "GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", 400),
    sample("Host with comma list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),

    // MARK: Limits
    sample("request line too long", "GET /" + String(repeating: "a", count: 60) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, limits: .small),
    sample("request line without end", "GET /" + String(repeating: "a", count: 100), 414, limits: .small),
    sample("header section too large", get + "X: " + String(repeating: "v", count: 250) + "\r\n\r\n", 431, limits: .small),
    sample("header section without end", get + String(repeating: "X: v\r\n", count: 4) + String(repeating: "v", count: 300), 431, limits: .small),
    sample("too many headers", get + String(repeating: "X: v\r\n", count: 5) + "\r\n", 431, limits: .small),
    sample("too many leading empty lines", String(repeating: "\r\n", count: 200), 431, limits: .small),
    sample("body over limit", post + "Content-Length: 101\r\n\r\n", 413, limits: .small),
]

/// Raw-byte samples that a Swift string literal cannot spell.
public let malformedByteCorpus: [MalformedSample] = [
    sample("obs-text in method", bytes: [0x47, 0xC0, 0x54] + Array(" / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
    sample("0xFF in target", bytes: Array("GET /".utf8) + [0xFF] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
    sample("0x80 in field name", bytes: Array(get.utf8) + [0x80] + Array(": v\r\n\r\n".utf8), 400),
    sample("TLS client hello", bytes: [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03, 0x0A], 400),
    sample("TLS client hello without LF", bytes: [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03], 400),
    sample("NUL before request line", bytes: [0x00] + Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
    sample("space before request line", bytes: Array(" GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
]

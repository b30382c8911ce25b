@testable import GroveHTTP
import HTTPTypes
import Testing

@Suite("Response encoding")
struct ResponseEncodingTests {
    /// What `write` appends to an empty buffer, as text.
    func text(_ write: (inout [UInt8]) -> Void) -> String {
        var buffer: [UInt8] = []
        write(&buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    func encode(_ response: HTTPResponse, framing: ResponseFraming, close: Bool = false, http10: Bool = false) -> String {
        text {
            ResponseHeadEncoder().encode(response, framing: framing, connection: .for(closing: close, http10: http10),
                                         date: Array("DATE".utf8), into: &$0)
        }
    }

    @Test("status line, fields, date, length and close")
    func head() {
        let text = encode(HTTPResponse(status: .ok, headerFields: [.contentType: "text/plain"]), framing: .contentLength(12), close: true)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nDate: DATE\r\nConnection: close\r\n\r\n")
    }

    @Test("an HTTP/1.0 response on a kept connection says keep-alive")
    func keepAliveFor10() {
        #expect(encode(HTTPResponse(status: .ok), framing: .contentLength(0), http10: true).contains("\r\nConnection: keep-alive\r\n"))
        #expect(!encode(HTTPResponse(status: .ok), framing: .contentLength(0)).contains("Connection:"))
        #expect(encode(HTTPResponse(status: .ok), framing: .contentLength(0), close: true, http10: true).contains("\r\nConnection: close\r\n"))
    }

    @Test("chunked framing and server-managed fields replace the handler's")
    func managedFields() {
        var fields = HTTPFields()
        fields[.contentLength] = "999"
        fields[.connection] = "keep-alive"
        fields[.transferEncoding] = "gzip"
        let text = encode(HTTPResponse(status: .created, headerFields: fields), framing: .chunked)
        #expect(text == "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nDate: DATE\r\n\r\n")
    }

    @Test("a header value with CR LF cannot inject a header")
    func injection() {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-Test")!] = "a\r\nSet-Cookie: evil=1"
        let text = encode(HTTPResponse(status: .ok, headerFields: fields), framing: .contentLength(0))
        #expect(!text.contains("\r\nSet-Cookie"))
        #expect(text.contains("X-Test: a  Set-Cookie: evil=1\r\n"))
    }

    @Test("unusual statuses get a line too")
    func unusualStatus() {
        #expect(encode(HTTPResponse(status: .init(code: 299)), framing: .none).hasPrefix("HTTP/1.1 299 "))
    }

    /// `response` encoded as a handler's answer, with `framing` and the whole Date line.
    func encode(_ response: Response, framing: ResponseFraming, close: Bool = false, http10: Bool = false) -> String {
        text { buffer in
            Array("Date: DATE\r\n".utf8).withUnsafeBytes { date in
                ResponseHeadEncoder().encode(response, framing: framing, connection: .for(closing: close, http10: http10),
                                             dateField: date, into: &buffer)
            }
        }
    }

    @Test("a prepared response encodes exactly as it would unprepared, whatever the framing asked")
    func preparedMatchesUnprepared() {
        var changed = Response.text("hello\n").prepared()
        changed.body = .bytes(Array("longer body\n".utf8))
        let cases: [(Response, ResponseFraming)] = [
            (Response.text("hello\n"), .contentLength(6)),
            (Response.text("hello\n"), .contentLength(0)),
            (Response(status: .noContent), .none),
            (Response(status: .ok), .contentLength(0)),
            (Response.stream { _ in }, .chunked),
            (changed, .contentLength(12)),
        ]
        for (response, framing) in cases {
            for (close, http10) in [(false, false), (true, false), (false, true)] {
                let plain = encode(response.unprepared, framing: framing, close: close, http10: http10)
                let prepared = encode(response.prepared(), framing: framing, close: close, http10: http10)
                #expect(prepared == plain, "\(framing) close \(close) 1.0 \(http10)")
            }
        }
        let changedText = encode(changed, framing: .contentLength(12))
        #expect(changedText.contains("Content-Length: 12\r\n") && !changedText.contains("Content-Length: 6"))
        #expect(encode(Response.text("hello\n").prepared(), framing: .contentLength(6))
            == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\nDate: DATE\r\n\r\n")
    }

    @Test("decimal and hex helpers")
    func numbers() {
        var buffer: [UInt8] = []
        appendDecimal(0, to: &buffer); buffer.append(32)
        appendDecimal(1234567890, to: &buffer); buffer.append(32)
        appendHex(255, to: &buffer); buffer.append(32)
        appendHex(4096, to: &buffer); buffer.append(32)
        appendHex(1, to: &buffer); buffer.append(32)
        appendHex(0, to: &buffer); buffer.append(32)
        appendHex(Int.max, to: &buffer); buffer.append(32)
        appendDecimal(Int.max, to: &buffer, thenCRLF: true)
        #expect(String(decoding: buffer, as: UTF8.self)
            == "0 1234567890 ff 1000 1 0 7fffffffffffffff 9223372036854775807\r\n")
    }

    @Test("the date is an IMF-fixdate")
    func date() {
        #expect(String(decoding: HTTPDateCache.format(784111777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test("the cached Date field line wraps the cached date")
    func dateField() {
        var cache = HTTPDateCache()
        var field = ""
        var date = ""
        for _ in 0..<2 {  // the second may turn between the two reads: then read both again
            field = String(decoding: cache.currentField(), as: UTF8.self)
            date = String(decoding: cache.current(), as: UTF8.self)
            if field == "Date: \(date)\r\n" { break }
        }
        #expect(field == "Date: \(date)\r\n")
        #expect(date.hasSuffix(" GMT"))
    }
}

extension Response {
    /// The same response without its prepared encoding (setting the head drops it).
    fileprivate var unprepared: Response {
        var copy = self
        copy.head = head
        return copy
    }
}

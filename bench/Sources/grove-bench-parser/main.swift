// grove-bench-parser — how long HTTPRequestParser takes per request, head to end, the way a
// connection drives it (one parser per connection, reused across requests). Prints
// `RESULT <key> <ns per request>` lines; the best of several rounds is reported.
// Usage: grove-bench-parser [KEY]
import GroveHTTPParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds.
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Parses `buffer` (holding `requestsPerBuffer` requests) `iterations` times; returns the
/// ns per request and a checksum that keeps the work observable.
func measure(_ buffer: [UInt8], requestsPerBuffer: Int, iterations: Int) -> (Double, Int) {
    var parser = HTTPRequestParser()
    var checksum = 0
    let start = now()
    buffer.withUnsafeBytes { bytes in
        for _ in 0..<iterations {
            var offset = 0
            while offset < bytes.count {
                let result = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                offset += result.consumed
                switch result.event {
                case .head(let head): checksum &+= head.request.headerFields.count
                case .body(let range): checksum &+= range.count
                case .end: checksum &+= 1
                case .needMore, .error: fatalError("benchmark input did not parse: \(result.event)")
                }
            }
            // The last request's end is reported by one more call.
            if case .end = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[bytes.count...])).event {
                checksum &+= 1
            }
        }
    }
    let elapsed = Double(now() - start)
    return (elapsed / Double(iterations * requestsPerBuffer), checksum)
}

let wrkGet = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"
let typicalGet = "GET /index.html?page=2 HTTP/1.1\r\nHost: example.com\r\n"
    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0\r\n"
    + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    + "Accept-Encoding: gzip, deflate, br\r\nAccept-Language: en-US,en;q=0.5\r\n"
    + "Connection: keep-alive\r\nCookie: session=abc123; theme=dark\r\n\r\n"
let pipelineDepth = 16

let scenarios: [(key: String, buffer: [UInt8], requests: Int, iterations: Int)] = [
    ("parser_ns_per_request", Array(wrkGet.utf8), 1, 400_000),
    ("parser_ns_per_request_typical_headers", Array(typicalGet.utf8), 1, 200_000),
    ("parser_ns_per_request_pipelined\(pipelineDepth)", Array(String(repeating: wrkGet, count: pipelineDepth).utf8), pipelineDepth, 25_000),
]

// An optional argument selects one scenario by its key (handy under perf).
let filter = CommandLine.arguments.dropFirst().first
var checksum = 0
for scenario in scenarios where filter == nil || scenario.key == filter {
    var best = Double.infinity
    for _ in 0..<5 {
        let (nanoseconds, sum) = measure(scenario.buffer, requestsPerBuffer: scenario.requests, iterations: scenario.iterations)
        best = min(best, nanoseconds)
        checksum &+= sum
    }
    print("RESULT \(scenario.key) \((best * 10).rounded() / 10)")
}
print("checksum \(checksum)")

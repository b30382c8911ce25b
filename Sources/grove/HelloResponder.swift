import GroveLoop

/// Answers each request head on a connection with a fixed 200 "hello" (the interim demo).
enum HelloResponder {
    static let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Type: text/plain\r\n\r\nHello, Grove\n".utf8)

    static func serve(_ connection: TCPConnection) async {
        defer { connection.close() }
        try? connection.setNoDelay()
        do {
            while true {
                let heads = connection.withReadableBytes(countCompleteHeads)
                if heads.count == 0 {
                    guard try await connection.readMore() else { return }
                    continue
                }
                connection.consume(heads.consumed)
                for _ in 0..<heads.count { try await connection.write(response) }
            }
        } catch {
            return
        }
    }

    /// Counts complete request heads (ending in CRLF CRLF) and the bytes they span.
    static func countCompleteHeads(_ bytes: UnsafeRawBufferPointer) -> (count: Int, consumed: Int) {
        var count = 0, consumed = 0, index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                count += 1
                index += 4
                consumed = index
            } else {
                index += 1
            }
        }
        return (count, consumed)
    }
}

import GroveHTTPParser
import GroveLoop
import HTTPTypes

#if canImport(Glibc)
import Glibc
#endif

extension HTTPConnectionHandler {
    /// Now on the monotonic clock, in nanoseconds (only read when an access log is on).
    static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Reports the request just answered to the access log.
    func recordAccess(_ recorder: any AccessLogRecorder, head: HTTPRequestHead, response: Response,
                      bodySent: Bool, application: ApplicationScopes?, startedAt: UInt64) {
        let bytes: Int? = switch response.body {
        case .empty: 0
        case .bytes(let body): bodySent ? body.count : 0
        case .stream: nil
        }
        recorder.record(AccessLogEntry(
            remoteAddress: remoteDescription(),
            method: head.request.method.rawValue,
            target: head.request.path ?? "",
            version: head.version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1",
            status: response.head.status.code,
            responseBytes: bytes,
            durationNanoseconds: Self.monotonicNanoseconds() &- startedAt,
            application: application?.scope.name,
            userAgent: head.request.headerFields[.userAgent],
            referer: head.request.headerFields[HTTPField.Name("Referer")!]
        ))
    }

    /// The peer's address, looked up once per connection.
    private func remoteDescription() -> String {
        if let peerDescription { return peerDescription }
        let description: String
        if let tcp = connection as? TCPConnection, let address = try? tcp.peerAddress() {
            description = "\(address)"
        } else {
            description = "unix"
        }
        peerDescription = description
        return description
    }
}

import GroveHTTPParser
import GroveLoop
import HTTPTypes

#if canImport(Glibc)
import Glibc
#endif

extension HTTPConnectionHandler {
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
            method: head.method.rawValue,
            target: head.path ?? "",
            version: head.version == .http1_0 ? "HTTP/1.0" : "HTTP/1.1",
            status: response.status.code,
            responseBytes: bytes,
            durationNanoseconds: monotonicNanoseconds() &- startedAt,
            application: application?.scope.name,
            userAgent: head.request.headerFields[.userAgent],
            referer: head.request.headerFields[HTTPField.Name("Referer")!]
        ))
    }

    /// Reports an answer the server gave on its own, with no request to route (400, 408, 413,
    /// 414, 431, 501, 505 and the like): to the access log as `- - -` and to the request
    /// observer as no application, so that hostile traffic shows in both.
    func recordServerAnswer(status: Int, responseBytes: Int) {
        core.requestObserver?.requestFinished(application: nil, status: status, durationNanoseconds: 0)
        guard let recorder = core.accessLog else { return }
        recorder.record(AccessLogEntry(
            remoteAddress: remoteDescription(),
            method: "-",
            target: "-",
            version: "-",
            status: status,
            responseBytes: responseBytes,
            durationNanoseconds: 0,
            application: nil,
            userAgent: nil,
            referer: nil
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

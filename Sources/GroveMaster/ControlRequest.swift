import Foundation

/// One request on the master's control socket: a single line of JSON, e.g.
/// `{"command":"scale","count":3}`. Answered by one ``ControlResponse`` line, then the
/// connection closes.
public struct ControlRequest: Sendable, Hashable, Codable {
    /// `status`, `tree`, `reload`, `stop` or `scale`.
    public var command: String
    /// `tree`: only this slot's workers.
    public var worker: Int?
    /// `stop`: a fast stop (like `SIGINT`) instead of a graceful one (like `SIGTERM`).
    public var fast: Bool?
    /// `scale`: the number of worker slots wanted.
    public var count: Int?

    /// Makes a request.
    public init(command: String, worker: Int? = nil, fast: Bool? = nil, count: Int? = nil) {
        self.command = command
        self.worker = worker
        self.fast = fast
        self.count = count
    }

    /// The request as one line of JSON (without the newline).
    public func jsonLine() -> String {
        ControlJSON.encode(self)
    }

    /// Decodes one line; a bad line throws a ``ControlRequestError`` that says what is wrong.
    public static func decode(line: some Collection<UInt8>) throws(ControlRequestError) -> ControlRequest {
        do {
            return try JSONDecoder().decode(ControlRequest.self, from: Data(line))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ControlRequestError("the request has no \"\(key.stringValue)\" field")
        } catch DecodingError.typeMismatch(_, let context) {
            throw ControlRequestError("the request's \(context.codingPath.map(\.stringValue).joined(separator: ".")) field has the wrong type")
        } catch {
            throw ControlRequestError("the request is not a JSON object: send one line like {\"command\":\"status\"}")
        }
    }
}

/// Why a control request could not be read.
public struct ControlRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for the client.
    public var description: String

    /// Makes an error.
    public init(_ description: String) { self.description = description }
}

/// The one answer to a ``ControlRequest``.
public struct ControlResponse: Sendable, Hashable, Codable {
    /// Whether the command was accepted.
    public var ok: Bool
    /// Why not, when ``ok`` is false.
    public var error: String?
    /// What was done (`reload`, `stop`, `scale`).
    public var message: String?
    /// The answer to `status`.
    public var status: StatusReport?
    /// The answer to `tree`.
    public var tree: TreeReport?

    /// A successful answer.
    public static func success(_ message: String? = nil, status: StatusReport? = nil, tree: TreeReport? = nil) -> ControlResponse {
        ControlResponse(ok: true, error: nil, message: message, status: status, tree: tree)
    }

    /// A refusal.
    public static func failure(_ error: String) -> ControlResponse {
        ControlResponse(ok: false, error: error, message: nil, status: nil, tree: nil)
    }

    /// The response as one line of JSON, newline included.
    public func jsonLine() -> String {
        ControlJSON.encode(self) + "\n"
    }
}

/// JSON with sorted keys and no escaped slashes, shared by the control protocol's types.
enum ControlJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return #"{"ok":false,"error":"unencodable response"}"# }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The readiness and liveness paths of one worker, answered before application routing so that
/// no application can shadow them and no application scope counts them.
///
/// - Readiness: 200 `ready` while the worker serves; 503 `draining` from the moment a drain
///   starts — during the drain delay the worker still accepts and serves every other path, so a
///   load balancer learns it should stop sending traffic before the listeners close.
/// - Liveness: 200 `alive` whenever the worker's loop answers at all, draining or not. A worker
///   whose loop is blocked does not answer, and the probe times out.
struct HealthProbes: Sendable {
    private let readiness: [UInt8]?
    private let liveness: [UInt8]?

    /// Probes on `readinessPath` and `livenessPath` (nil or empty: off).
    init(readinessPath: String?, livenessPath: String?) {
        readiness = readinessPath.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        liveness = livenessPath.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
    }

    /// Whether any probe is on (when none is, routing skips the check).
    var isEnabled: Bool { readiness != nil || liveness != nil }

    /// The answer when `path` (the target's bytes before any query) is a probe path, else nil.
    func answer(path: UnsafeRawBufferPointer, ready: Bool) -> Response? {
        if let readiness, readiness.count == path.count, readiness.elementsEqual(path) { return ready ? Self.ready : Self.draining }
        if let liveness, liveness.count == path.count, liveness.elementsEqual(path) { return Self.alive }
        return nil
    }

    private static let ready = Response.text("ready\n")
    private static let draining = Response.text("draining\n", status: .serviceUnavailable)
    private static let alive = Response.text("alive\n")
}

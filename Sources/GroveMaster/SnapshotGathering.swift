/// One `grove ctl tree` in progress: the snapshot requests sent to the workers and the answers
/// that came back. Complete when every asked worker answered or is gone; the driver builds the
/// report then, or at its timeout with the silent workers named.
public struct SnapshotGathering: Sendable {
    /// A worker asked.
    public struct Asked: Sendable, Hashable {
        /// Its pid.
        public var pid: Int32
        /// Its slot.
        public var slot: Int
        /// Its generation.
        public var generation: Int
        /// The id of the request it was sent.
        public var requestID: UInt64

        /// Makes an entry.
        public init(pid: Int32, slot: Int, generation: Int, requestID: UInt64) {
            self.pid = pid
            self.slot = slot
            self.generation = generation
            self.requestID = requestID
        }
    }

    /// The workers asked, by pid.
    public let asked: [Int32: Asked]
    private var answers: [Int32: String] = [:]
    private var gone: Set<Int32> = []

    /// Starts a gathering over `asked`.
    public init(asked: [Asked]) {
        self.asked = Dictionary(asked.map { ($0.pid, $0) }, uniquingKeysWith: { $1 })
    }

    /// Whether `id` is the request this gathering sent to `pid`.
    public func expects(pid: Int32, id: UInt64) -> Bool {
        asked[pid]?.requestID == id && answers[pid] == nil
    }

    /// Stores worker `pid`'s answer (ignored unless it answers this gathering's request).
    public mutating func received(pid: Int32, id: UInt64, json: String) {
        guard expects(pid: pid, id: id) else { return }
        answers[pid] = json
    }

    /// Worker `pid` exited or its channel closed: it will not answer.
    public mutating func workerGone(pid: Int32) {
        if asked[pid] != nil, answers[pid] == nil { gone.insert(pid) }
    }

    /// Whether nobody is left to wait for.
    public var isComplete: Bool {
        asked.keys.allSatisfy { answers[$0] != nil || gone.contains($0) }
    }

    /// The report: the trees that came back, merged, and the workers missing with why.
    public func report() -> TreeReport {
        var trees: [WorkerTree] = []
        var missing: [MissingWorker] = []
        for entry in asked.values.sorted(by: { ($0.slot, $0.pid) < ($1.slot, $1.pid) }) {
            guard let json = answers[entry.pid] else {
                let reason = gone.contains(entry.pid) ? "exited before answering" : "did not answer in time"
                missing.append(MissingWorker(pid: entry.pid, slot: entry.slot, reason: reason))
                continue
            }
            do {
                let tree = try ScopeNode.decode(snapshotJSON: json, pid: entry.pid)
                trees.append(WorkerTree(pid: entry.pid, slot: entry.slot, generation: entry.generation, tree: tree))
            } catch {
                missing.append(MissingWorker(pid: entry.pid, slot: entry.slot, reason: "sent an unreadable tree: \(error)"))
            }
        }
        return TreeReport(workers: trees, merged: ScopeNode.merge(trees.map(\.tree)), missing: missing)
    }
}

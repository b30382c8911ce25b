import Foundation
import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `grove ctl` against the real binary.
@Suite("grove ctl")
struct ControlSocketTests {
    @Test("status --json: the master and the real workers, by pid, slot and generation, with their request counts")
    func status() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, port) = try await startGrove(workers: 2, ["--control-socket", control.socket])
        defer { grove.terminate() }
        for _ in 0..<3 { #expect(try await HTTPProbe.fetch(port: port, "/").status == 200) }
        let (master, workers) = try await control.status()
        #expect(int(master, "pid") == Int(grove.pid))
        #expect(master["state"] as? String == "running")
        #expect(int(master, "generation") == 1)
        #expect(int(master, "slots") == 2)
        #expect(int(master, "reloads") == 0)
        #expect(Set(workers.compactMap { int($0, "pid") }) == Set(grove.workers.map(Int.init)))
        #expect(workers.compactMap { int($0, "slot") } == [0, 1])
        #expect(workers.allSatisfy { $0["state"] as? String == "ready" && int($0, "generation") == 1 && int($0, "restarts") == 0 })
        #expect(workers.allSatisfy { ($0["ageSeconds"] as? Double ?? -1) >= 0 && $0["loopLagMilliseconds"] is Double })
        // The served counts arrive with the heartbeats (one a second).
        let served = try await eventually("3 requests served in the status") { () -> Int? in
            let total = try await control.status().workers.compactMap { int($0, "requestsServed") }.reduce(0, +)
            return total >= 3 ? total : nil
        }
        #expect(served == 3)
        // The human form names every worker.
        let (code, table) = try await control.run(["status"])
        #expect(code == 0)
        #expect(table.contains("SLOT") && grove.workers.allSatisfy { table.contains("\($0)") })
    }

    @Test("tree --json: every worker's scope tree, merged with counters per scope; --worker N for one")
    func tree() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, port) = try await startGrove(workers: 2, ["--control-socket", control.socket])
        defer { grove.terminate() }
        for _ in 0..<4 { #expect(try await HTTPProbe.fetch(port: port, "/").status == 200) }
        let answer = try await control.json(["tree"])
        let tree = try #require(answer["tree"] as? [String: Any])
        let workers = try #require(tree["workers"] as? [[String: Any]])
        #expect(Set(workers.compactMap { int($0, "pid") }) == Set(grove.workers.map(Int.init)))
        #expect((tree["missing"] as? [Any])?.isEmpty == true)
        let merged = try #require(tree["merged"] as? [String: Any])
        #expect(merged["path"] as? String == "root")
        let handlers = try #require(scope(merged, path: "root/apps/hello/handlers"))
        #expect(int(handlers, "succeeded") == 4)
        // The per-worker counts add up to the merged one.
        let perWorker = workers.compactMap { ($0["tree"] as? [String: Any]).flatMap { scope($0, path: "root/apps/hello/handlers") } }
        #expect(perWorker.compactMap { int($0, "succeeded") }.reduce(0, +) == 4)

        let one = try await control.json(["tree", "--worker", "1"])
        let oneWorkers = try #require((one["tree"] as? [String: Any])?["workers"] as? [[String: Any]])
        #expect(oneWorkers.count == 1)
        #expect(int(oneWorkers[0], "slot") == 1)
        let (code, output) = try await control.run(["tree", "--worker", "9", "--json"])
        #expect(code == 1)
        #expect(GroveControl.parse(output)?["error"] as? String == "no live worker on slot 9")
    }

    @Test("reload: a new generation takes over, the status shows generation 2 and one reload")
    func reload() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, port) = try await startGrove(workers: 2, ["--control-socket", control.socket, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let first = grove.workers
        let answer = try await control.json(["reload"])
        #expect((answer["message"] as? String)?.contains("reload started") == true)
        let (master, workers) = try await eventually("generation 2 serving alone") { () -> ([String: Any], [[String: Any]])? in
            let status = try await control.status()
            let generations = Set(status.workers.compactMap { int($0, "generation") })
            return int(status.master, "generation") == 2 && generations == [2] ? status : nil
        }
        #expect(int(master, "reloads") == 1)
        #expect(Set(workers.compactMap { int($0, "pid") }).isDisjoint(with: first.map(Int.init)))
        #expect(workers.allSatisfy { ($0["lastExitReason"] as? String)?.contains("reload") == true || $0["lastExitReason"] == nil })
        try await waitForWorkers(grove, count: 2, excluding: first)
        try await expectServing(port: port)
    }

    @Test("scale 3 then scale 1: the master runs that many workers")
    func scale() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, port) = try await startGrove(workers: 2, ["--control-socket", control.socket, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        let up = try await control.json(["scale", "3"])
        #expect(up["message"] as? String == "scaling from 2 to 3 worker slot(s)")
        try await waitForWorkers(grove, count: 3)
        let three = try await eventually("3 ready workers in the status") { () -> [[String: Any]]? in
            let workers = try await control.status().workers
            return workers.count == 3 && workers.allSatisfy({ $0["state"] as? String == "ready" }) ? workers : nil
        }
        #expect(three.compactMap { int($0, "slot") } == [0, 1, 2])
        #expect(Set(three.compactMap { int($0, "pid") }) == Set(grove.workers.map(Int.init)))
        _ = try await control.json(["scale", "1"])
        try await waitForWorkers(grove, count: 1)
        let (master, one) = try await control.status()
        #expect(int(master, "slots") == 1)
        #expect(one.count == 1)
        try await expectServing(port: port)
        let (code, output) = try await control.run(["scale", "0", "--json"])
        #expect(code == 1)
        #expect((GroveControl.parse(output)?["error"] as? String)?.contains("between 1 and") == true)
    }

    @Test("during a graceful stop, tree shows the request still draining; the stop then completes")
    func treeDuringStop() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, port) = try await startGrove(workers: 1, ["--control-socket", control.socket, "--graceful-timeout", "20"])
        defer { grove.terminate() }
        // Long enough to be in flight through the stop and the second `tree`, even when each
        // `grove ctl` run is a slow sanitized process (the request must not finish first), and
        // well inside the 20 s graceful timeout.
        let sleepMilliseconds = 3000 * min(TestTimeouts.scale, 3)
        async let slow = HTTPProbe.fetch(port: port, "/lab/sleep?ms=\(sleepMilliseconds)",
                                         timeout: TestTimeouts.scaled(.seconds(15)))
        _ = try await eventually("the sleep request in the tree") { () -> Bool? in
            let answer = try await control.json(["tree"])
            return tasks(in: answer).contains { $0.hasPrefix("GET /sleep") } ? true : nil
        }
        let stop = try await control.json(["stop"])
        #expect((stop["message"] as? String)?.contains("graceful stop") == true)
        let draining = try await control.json(["tree"])
        let merged = try #require((draining["tree"] as? [String: Any])?["merged"] as? [String: Any])
        #expect(merged["phase"] as? String != "running")
        let handlers = try #require(scope(merged, path: "root/apps/lab/handlers"))
        #expect(int(handlers, "active") == 1)
        #expect(((handlers["tasks"] as? [[String: Any]]) ?? []).contains { ($0["taskName"] as? String)?.hasPrefix("GET /sleep") == true })
        let (master, workers) = try await control.status()
        #expect(master["state"] as? String == "stopping")
        #expect(workers.first?["state"] as? String == "draining")
        #expect(try await slow.status == 200)
        #expect(try await grove.waitForExit(timeout: .seconds(15)) == 0)
        #expect(access(control.socket, F_OK) != 0, "the master removes its socket at exit")
    }
}

extension ControlSocketTests {
    @Test("SIGUSR2: the new master takes the control socket over; the old one leaves it in place")
    func upgradeTakesOverTheSocket() async throws {
        let control = GroveControl(socket: GroveControl.freshSocket())
        let (grove, _) = try await startGrove(workers: 1, ["--control-socket", control.socket, "--graceful-timeout", "1"])
        defer { grove.terminate() }
        var newMaster: pid_t = 0
        defer { if newMaster > 0 { ProcessTable.killTree(newMaster) } }
        #expect(int(try await control.status().master, "pid") == Int(grove.pid))
        grove.send(SIGUSR2)
        let started = try await grove.waitForLine(containing: "upgrade: started the new master")
        newMaster = try #require(pid_t(started.split(separator: " ").first { pid_t($0) != nil } ?? ""))
        #expect(try await grove.waitForExit(timeout: .seconds(15)) == 0)
        let (master, workers) = try await control.status()
        #expect(int(master, "pid") == Int(newMaster))
        #expect(Set(workers.compactMap { int($0, "pid") }) == Set(ProcessTable.children(of: newMaster).map(Int.init)))
        #expect(access(control.socket + ".\(newMaster)", F_OK) != 0, "the temporary path was renamed")
    }
}

/// The scope at `path` in a tree (JSON), if any.
func scope(_ node: [String: Any], path: String) -> [String: Any]? {
    if node["path"] as? String == path { return node }
    for child in node["children"] as? [[String: Any]] ?? [] {
        if let found = scope(child, path: path) { return found }
    }
    return nil
}

/// The names of every task listed in a `tree` answer's merged tree.
func tasks(in answer: [String: Any]) -> [String] {
    func collect(_ node: [String: Any]) -> [String] {
        ((node["tasks"] as? [[String: Any]]) ?? []).compactMap { $0["taskName"] as? String }
            + ((node["children"] as? [[String: Any]]) ?? []).flatMap(collect)
    }
    guard let merged = (answer["tree"] as? [String: Any])?["merged"] as? [String: Any] else { return [] }
    return collect(merged)
}

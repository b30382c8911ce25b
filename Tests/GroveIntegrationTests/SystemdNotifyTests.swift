import GroveTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `sd_notify` against a fake `NOTIFY_SOCKET` bound by the test.
@Suite("grove serve: systemd notifications")
struct SystemdNotifyTests {
    @Test("READY=1, then RELOADING=1 (MONOTONIC_USEC) and READY=1 on SIGHUP, then STOPPING=1 on SIGTERM, all from the master")
    func notificationsInOrder() async throws {
        let listener = try NotifyListener()
        let (grove, _) = try await startGrove(workers: 2, ["--graceful-timeout", "3"],
                                              environment: ["NOTIFY_SOCKET=\(listener.name)"], readyLine: nil)
        defer { grove.terminate() }
        var messages = try await listener.receive(until: { $0.assignments.contains("READY=1") }, timeout: .seconds(20))
        #expect(messages.last?.value(of: "STATUS") == "2 worker(s), generation 1", "\(messages)")
        let beforeReload = Self.monotonicMicroseconds()
        grove.send(SIGHUP)
        let reload = try await listener.receive(until: { $0.assignments.contains("READY=1") }, timeout: .seconds(20))
        messages += reload
        let reloading = try #require(reload.first { $0.assignments.contains("RELOADING=1") }, "\(reload)")
        let stamp = try #require(reloading.value(of: "MONOTONIC_USEC").flatMap(UInt64.init), "\(reloading)")
        #expect(stamp >= beforeReload && stamp <= Self.monotonicMicroseconds(), "MONOTONIC_USEC is CLOCK_MONOTONIC in µs")
        #expect(reload.last?.value(of: "STATUS") == "2 worker(s), generation 2")
        grove.send(SIGTERM)
        messages += try await listener.receive(until: { $0.assignments.contains("STOPPING=1") }, timeout: .seconds(10))
        #expect(try await grove.waitForExit(timeout: .seconds(8)) == 0, "\(grove.transcript)")
        let states = messages.flatMap(\.assignments).filter { ["READY=1", "RELOADING=1", "STOPPING=1"].contains($0) }
        #expect(states == ["READY=1", "RELOADING=1", "READY=1", "STOPPING=1"], "\(messages)")
        #expect(messages.allSatisfy { $0.senderPID == grove.pid }, "only the master notifies: \(messages)")
    }

    @Test("WATCHDOG=1 every WATCHDOG_USEC/2 on an abstract NOTIFY_SOCKET")
    func watchdogPings() async throws {
        let listener = try NotifyListener(abstract: true)
        let (grove, _) = try await startGrove(workers: 1, [], environment: ["NOTIFY_SOCKET=\(listener.name)", "WATCHDOG_USEC=200000"],
                                              readyLine: nil)
        defer { grove.terminate() }
        let start = ContinuousClock.now
        var pings = 0
        let messages = try await listener.receive(until: { message in
            if message.assignments == ["WATCHDOG=1"] { pings += 1 }
            return pings >= 5
        }, timeout: .seconds(20))
        let elapsed = ContinuousClock.now - start
        #expect(messages.contains { $0.assignments.contains("READY=1") })
        #expect(messages.allSatisfy { $0.senderPID == grove.pid })
        // Every 100 ms: five pings take at least 400 ms.
        #expect(elapsed >= .milliseconds(400), "\(elapsed)")
        grove.send(SIGTERM)
        _ = try await grove.waitForExit(timeout: .seconds(10))
    }

    @Test("no watchdog pings when WATCHDOG_PID names another process")
    func watchdogForSomeoneElse() async throws {
        let listener = try NotifyListener()
        let (grove, _) = try await startGrove(workers: 1, [], environment: [
            "NOTIFY_SOCKET=\(listener.name)", "WATCHDOG_USEC=100000", "WATCHDOG_PID=1",
        ], readyLine: nil)
        defer { grove.terminate() }
        _ = try await listener.receive(until: { $0.assignments.contains("READY=1") }, timeout: .seconds(20))
        // 600 ms would hold about 12 pings at 50 ms.
        var stray: [NotifyListener.Message] = []
        let end = ContinuousClock.now + .milliseconds(600)
        while ContinuousClock.now < end {
            if let message = try await offPool({ listener.receive(timeout: .milliseconds(100)) }) { stray.append(message) }
        }
        #expect(!stray.contains { $0.assignments.contains("WATCHDOG=1") }, "\(stray)")
    }

    @Test("SIGUSR2: the old master names the new one with MAINPID and never says STOPPING; the new one takes over")
    func upgradeHandsOverMainPID() async throws {
        let listener = try NotifyListener()
        let (grove, _) = try await startGrove(workers: 1, ["--graceful-timeout", "1"],
                                              environment: ["NOTIFY_SOCKET=\(listener.name)"])
        defer { grove.terminate() }
        var newMaster: pid_t = 0
        defer { if newMaster > 0 { ProcessTable.killTree(newMaster) } }
        _ = try await listener.receive(until: { $0.assignments.contains("READY=1") }, timeout: .seconds(20))
        grove.send(SIGUSR2)
        let started = try await grove.waitForLine(containing: "upgrade: started the new master")
        newMaster = try #require(pid_t(started.split(separator: " ").first { pid_t($0) != nil } ?? ""))
        let handover = try await listener.receive(until: { $0.value(of: "MAINPID") != nil }, timeout: .seconds(20))
        let mainPID = try #require(handover.last)
        #expect(mainPID.senderPID == grove.pid)
        #expect(mainPID.value(of: "MAINPID") == "\(newMaster)")
        #expect(handover.contains { $0.senderPID == newMaster && $0.assignments.contains("READY=1") }, "\(handover)")
        #expect(try await grove.waitForExit(timeout: .seconds(10)) == 0)
        // The old master drained and exited without a word; the new one is the service now.
        kill(newMaster, SIGTERM)
        let rest = try await listener.receive(until: { $0.assignments.contains("STOPPING=1") }, timeout: .seconds(10))
        #expect(rest.allSatisfy { $0.senderPID == newMaster }, "\(rest)")
    }

    static func monotonicMicroseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000 + UInt64(time.tv_nsec) / 1000
    }
}

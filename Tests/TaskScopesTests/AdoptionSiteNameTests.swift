import Testing
import TaskScopes

@Suite struct AdoptionSiteNameTests {
    @Test func aPieceNamedInTwoPartsIsReportedWithTheJoinedName() async throws {
        let root = TaskScope.root(clock: TestClock())
        let connections = try root.child(name: "connections")
        let handlers = try root.child(name: "handlers")
        let seen = Recorder<String>()
        let done = try connections.spawn(name: "connection") {
            try await TaskScope.withAdoptionSite { site in
                let path = "/users/42?x=1".prefix(9)
                let work = try site.begin(in: handlers, name: "GET", detail: path)
                seen.append((handlers.snapshot(includeTasks: true).tasks?.map(\.taskName) ?? []).joined(separator: ","))
                work.finish()
                let plain = try site.begin(in: handlers, name: "HEAD /", detail: nil)
                seen.append((handlers.snapshot(includeTasks: true).tasks?.map(\.taskName) ?? []).joined(separator: ","))
                plain.finish()
            }
        }
        try await done.value
        #expect(seen.all == ["GET /users/42", "HEAD /"])
    }
}

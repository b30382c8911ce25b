import GroveHTTP
import Synchronization
import TaskScopes
import Testing

@Suite("Application: per-scope options")
struct ApplicationScopeOptionsTests {
    @Test("childScopeOptions reach the handlers/timers/background scopes; unset children follow scopeOptions")
    func childScopeOptionsReachTheScopes() async throws {
        let seen = Mutex<[String: ScopeOptions]>([:])
        var app = Application(name: "tuned", mountPath: "/tuned",
                              scopeOptions: ScopeOptions(gracefulTimeout: .seconds(20), forcedTimeout: .seconds(4)))
        app.childScopeOptions["handlers"] = ScopeOptions(gracefulTimeout: .seconds(5), forcedTimeout: .seconds(1))
        app.onStart = { scopes in
            seen.withLock {
                $0["app"] = scopes.scope.options
                $0["handlers"] = scopes.handlers.options
                $0["timers"] = scopes.timers.options
                $0["background"] = scopes.background.options
            }
        }
        let server = try await TestServer(applications: [app])
        await server.stop()
        let options = seen.withLock { $0 }
        #expect(options["app"]?.gracefulTimeout == .seconds(20))
        #expect(options["handlers"] == ScopeOptions(gracefulTimeout: .seconds(5), forcedTimeout: .seconds(1)))
        #expect(options["timers"] == ScopeOptions(gracefulTimeout: .seconds(20), forcedTimeout: .seconds(4)))
        #expect(options["background"]?.forcedTimeout == .seconds(4))
    }
}

@testable import GroveHTTP
import HTTPTypes
import Testing

@Suite("Routing")
struct RouterTests {
    func segments(_ path: String) -> [Substring] { path.split(separator: "/") }

    @Test("literal, parameter and catch-all patterns")
    func patterns() {
        #expect(RoutePattern("/users/:id").match(segments("/users/42")) == ["id": "42"])
        #expect(RoutePattern("/users/:id").match(segments("/users")) == nil)
        #expect(RoutePattern("/users/:id").match(segments("/users/42/x")) == nil)
        #expect(RoutePattern("/static/*").match(segments("/static/a/b.css")) == ["*": "a/b.css"])
        #expect(RoutePattern("/static/*").match(segments("/static")) == ["*": ""])
        #expect(RoutePattern("/").match(segments("/")) == [:])
        #expect(RoutePattern("//a//b/").description == "/a/b")
    }

    @Test("method dispatch, 405 with the allowed methods, 404, HEAD falls back to GET")
    func dispatch() {
        var router = Router()
        router.get("/items/:id") { _ in .text("get") }
        router.post("/items/:id") { _ in .text("post") }
        guard case .found(_, let parameters) = router.route(.get, segments("/items/7")) else {
            Issue.record("GET did not match")
            return
        }
        #expect(parameters == ["id": "7"])
        guard case .methodNotAllowed(let allowed) = router.route(.delete, segments("/items/7")) else {
            Issue.record("DELETE was not 405")
            return
        }
        #expect(allowed == [.get, .post])
        guard case .notFound = router.route(.get, segments("/nothing")) else {
            Issue.record("unknown path was not 404")
            return
        }
        guard case .found = router.route(.head, segments("/items/1")) else {
            Issue.record("HEAD did not fall back to GET")
            return
        }
    }

    @Test("query parameters are found and percent-decoded")
    func queries() {
        #expect(percentDecoded("a%20b+c") == "a b c")
        #expect(percentDecoded("100%") == "100%")
        #expect(percentDecoded("%zz") == "%zz")
    }
}

@testable import GroveHTTP
import GroveHTTPParser
import HTTPTypes
import Testing

@Suite("Routing")
struct RouterTests {
    @Test("literal, parameter and catch-all patterns")
    func patterns() {
        #expect(RoutePattern("/users/:id").match("/users/42") == ["id": "42"])
        #expect(RoutePattern("/users/:id").match("/users") == nil)
        #expect(RoutePattern("/users/:id").match("/users/42/x") == nil)
        #expect(RoutePattern("/static/*").match("/static/a/b.css") == ["*": "a/b.css"])
        #expect(RoutePattern("/static/*").match("/static") == ["*": ""])
        #expect(RoutePattern("/").match("/") == [:])
        #expect(RoutePattern("/").match("") == [:])
        // Empty segments do not count, in the path as in the pattern.
        #expect(RoutePattern("/users/:id").match("//users//42/") == ["id": "42"])
        #expect(RoutePattern("/static/*").match("/static//a//b.css/") == ["*": "a/b.css"])
        #expect(RoutePattern("/users/me").match("/users/mee") == nil)
        #expect(RoutePattern("/users/me").match("/users/m") == nil)
        #expect(RoutePattern("//a//b/").description == "/a/b")
    }

    @Test("method dispatch, 405 with the allowed methods, 404, HEAD falls back to GET")
    func dispatch() {
        var router = Router()
        router.get("/items/:id") { _ in .text("get") }
        router.post("/items/:id") { _ in .text("post") }
        guard case .found(_, let parameters) = router.route(.get, path: "/items/7") else {
            Issue.record("GET did not match")
            return
        }
        #expect(parameters == ["id": "7"])
        guard case .methodNotAllowed(let allowed) = router.route(.delete, path: "/items/7") else {
            Issue.record("DELETE was not 405")
            return
        }
        #expect(allowed == [.get, .post])
        guard case .notFound = router.route(.get, path: "/nothing") else {
            Issue.record("unknown path was not 404")
            return
        }
        guard case .found = router.route(.head, path: "/items/1") else {
            Issue.record("HEAD did not fall back to GET")
            return
        }
    }

    @Test("methods outside the known codes are told apart by name; HEAD and 405 still work beside them")
    func otherMethods() {
        var router = Router()
        let purge = HTTPRequest.Method("PURGE")!, lock = HTTPRequest.Method("LOCK")!
        router.immediate(purge, "/cache") { _ in .text("purged") }
        router.immediate(lock, "/cache") { _ in .text("locked") }
        router.get("/cache") { _ in .text("get") }
        // The route each method finds, by its index in the router (0: PURGE, 1: LOCK, 2: GET).
        func routeIndex(_ method: HTTPRequest.Method) -> Int? {
            var path = "/cache"
            return path.withUTF8 { bytes in
                let code = MethodCode(method)
                let lookup = router.lookup(code, otherMethod: code == .other ? method : nil, path: UnsafeRawBufferPointer(bytes))
                if case .found(let index, _) = lookup { return index }
                return nil
            }
        }
        #expect(routeIndex(purge) == 0)
        #expect(routeIndex(lock) == 1)
        #expect(routeIndex(.get) == 2)
        guard case .methodNotAllowed(let allowed) = router.route(HTTPRequest.Method("UNLOCK")!, path: "/cache") else {
            Issue.record("UNLOCK was not 405")
            return
        }
        #expect(allowed == [purge, lock, .get])
        guard case .found(.asynchronous, _) = router.route(.head, path: "/cache") else {
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

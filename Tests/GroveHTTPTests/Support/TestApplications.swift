import GroveHTTP
import GroveLoop
import HTTPTypes
import TaskScopes

/// Errors the test handlers throw.
struct HandlerBoom: Error, CustomStringConvertible {
    var description: String { "boom" }
}

/// Applications exercising the protocol features.
enum TestApplications {
    static func main() -> Application {
        var app = Application(name: "main", mountPath: "/")
        app.router.get("/") { _ in .text("hello") }
        app.router.post("/echo") { request in
            let body = try await request.body.collect(upTo: 1 << 20)
            return Response(status: .ok, body: .bytes(body))
        }
        app.router.post("/ignore-body") { _ in .text("ignored") }
        app.router.get("/stream") { request in
            let chunks = request.query("chunks", as: Int.self) ?? 3
            return .stream { writer in
                for index in 0..<chunks { try await writer.write("chunk \(index)\n") }
            }
        }
        app.router.get("/sleep") { request in
            let milliseconds = request.query("ms", as: Int.self) ?? 100
            try await TaskScope.current!.clock.sleep(for: .milliseconds(milliseconds))
            return .text("slept \(milliseconds)")
        }
        app.router.get("/throw") { _ in throw HandlerBoom() }
        app.router.get("/teapot") { _ in throw HTTPError(.init(code: 418), "short and stout") }
        app.router.get("/inject") { _ in
            var response = Response.text("injected?")
            response.head.headerFields[HTTPField.Name("X-Inject")!] = "a\r\nSet-Cookie: stolen=1"
            return response
        }
        app.router.get("/users/:id") { request in .text("user \(request.parameters["id"] ?? "?")") }
        return app
    }

    static func other() -> Application {
        var app = Application(name: "other", mountPath: "/other")
        app.router.get("/") { _ in .text("other root") }
        app.router.get("/where") { request in
            .text("other at \(request.path) query \(request.query.map { "'\($0)'" } ?? "none")")
        }
        return app
    }

    /// `/now`: immediate routes (answered without a task when they can be).
    static func immediate() -> Application {
        var app = Application(name: "now", mountPath: "/now")
        app.router.immediate(.get, "/") { _ in .text("now") }
        app.router.immediate(.get, "/users/:id") { request in .text("now user \(request.parameters["id"] ?? "?")") }
        app.router.immediate(.get, "/throw") { _ in throw HandlerBoom() }
        app.router.immediate(.get, "/teapot") { _ in throw HTTPError(.init(code: 418), "short and stout") }
        app.router.immediate(.get, "/stream") { _ in
            .stream { writer in
                try await writer.write("a\n")
                try await writer.write("b\n")
            }
        }
        app.router.immediate(.post, "/length") { request in .text("expected \(request.body.expectedLength ?? -1)") }
        // Two methods outside the router's known method codes, on one path.
        app.router.immediate(HTTPRequest.Method("PURGE")!, "/cache") { _ in .text("purged") }
        app.router.immediate(HTTPRequest.Method("LOCK")!, "/cache") { _ in .text("locked") }
        app.router.immediate(.get, "/big") { request in
            Response(body: .bytes(Array(repeating: UInt8(ascii: "x"), count: request.query("bytes", as: Int.self) ?? 0)))
        }
        return app
    }
}

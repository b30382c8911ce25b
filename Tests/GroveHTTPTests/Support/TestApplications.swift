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
        app.router.get("/where") { request in .text("other at \(request.path)") }
        return app
    }
}

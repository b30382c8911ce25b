// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Grove",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TaskScopes", targets: ["TaskScopes"]),
        .library(name: "GroveLoop", targets: ["GroveLoop"]),
        .library(name: "GroveHTTPParser", targets: ["GroveHTTPParser"]),
        .library(name: "GroveHTTP", targets: ["GroveHTTP"]),
        .library(name: "Grove", targets: ["Grove"]),
        .library(name: "GroveServiceLifecycle", targets: ["GroveServiceLifecycle"]),
        .executable(name: "grove", targets: ["grove"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: libuv binding (only GroveLoop imports it)
        .systemLibrary(
            name: "CLibUV",
            pkgConfig: "libuv",
            providers: [.apt(["libuv1-dev"])]
        ),

        // MARK: Libraries
        .target(
            name: "GroveLoop",
            dependencies: [
                "CLibUV",
                "SanitizerVisibleMutex",
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "TaskScopes",
            dependencies: [
                "SanitizerVisibleMutex",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "GroveHTTP",
            dependencies: [
                "GroveLoop",
                "TaskScopes",
                "GroveHTTPParser",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "GroveHTTPParser",
            dependencies: [
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .target(name: "GroveMaster"),
        .target(
            name: "GroveServiceLifecycle",
            dependencies: [
                "TaskScopes",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `Synchronization.Mutex` as ThreadSanitizer can see it, for `make sanitize` only.
        .target(name: "SanitizerVisibleMutex"),

        // MARK: Executables
        .target(
            name: "Grove",
            dependencies: [
                "GroveLoop",
                "GroveHTTP",
                "GroveMaster",
                "GroveHTTPParser",
                "TaskScopes",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "grove",
            dependencies: [
                "Grove",
                "GroveHTTP",
                "GroveLoop",
                "GroveServiceLifecycle",
                "TaskScopes",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "grove-loop-probe",
            dependencies: ["GroveLoop", "CLibUV"],
            path: "Tests/Support/grove-loop-probe"
        ),
        .executableTarget(
            name: "grove-bench-parser",
            dependencies: ["GroveHTTPParser"],
            path: "bench/Sources/grove-bench-parser"
        ),
        .executableTarget(
            name: "grove-fuzz-parser",
            dependencies: ["GroveHTTPParser"],
            path: "fuzz/Sources/grove-fuzz-parser"
        ),
        .executableTarget(
            name: "grove-bench-loop",
            dependencies: ["GroveLoop"],
            path: "bench/Sources/grove-bench-loop"
        ),
        .executableTarget(
            name: "grove-bench-scopes",
            dependencies: ["TaskScopes"],
            path: "bench/Sources/grove-bench-scopes"
        ),

        // MARK: Tests
        .target(
            name: "GroveTestSupport",
            dependencies: ["SanitizerVisibleMutex"],
            path: "Tests/GroveTestSupport"
        ),
        .executableTarget(
            name: "grove-scopes-probe",
            dependencies: ["TaskScopes"],
            path: "Tests/Support/grove-scopes-probe"
        ),
        .testTarget(
            name: "GroveLoopTests",
            dependencies: ["GroveLoop", "GroveTestSupport", "grove-loop-probe"]
        ),
        .testTarget(
            name: "TaskScopesTests",
            dependencies: ["TaskScopes", "GroveTestSupport", "grove-scopes-probe", "SanitizerVisibleMutex"]
        ),
        .testTarget(
            name: "GroveHTTPTests",
            dependencies: ["GroveHTTP", "GroveLoop", "TaskScopes"]
        ),
        .testTarget(
            name: "GroveHTTPParserTests",
            dependencies: ["GroveHTTPParser", "GroveTestSupport"]
        ),
        .testTarget(
            name: "GroveMasterTests",
            dependencies: ["GroveMaster"]
        ),
        .testTarget(
            name: "GroveControlTests",
            dependencies: ["Grove", "GroveMaster", "GroveLoop", "GroveTestSupport"]
        ),
        .testTarget(
            name: "GroveOpsTests",
            dependencies: ["Grove", "GroveHTTP", "GroveMaster", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "GroveServiceLifecycleTests",
            dependencies: [
                "GroveServiceLifecycle",
                "GroveTestSupport",
                "TaskScopes",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "GroveTests",
            dependencies: ["Grove", "GroveHTTP", "TaskScopes", "GroveMaster"]
        ),
        .testTarget(
            name: "GroveIntegrationTests",
            dependencies: ["GroveTestSupport", "grove", "SanitizerVisibleMutex"]
        ),
    ]
)

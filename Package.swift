// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: explicit imports, so a type in public API needs `public import`.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-socketio",
    products: [
        .library(name: "EngineParser", targets: ["EngineParser"]),
        .library(name: "SIOParser", targets: ["SIOParser"]),
        .library(name: "SIOParserNIO", targets: ["SIOParserNIO"]),
        .library(name: "WSFraming", targets: ["WSFraming"]),
        .library(name: "Transports", targets: ["Transports"]),
        .library(name: "EngineClient", targets: ["EngineClient"]),
        .library(name: "Adapters", targets: ["Adapters"]),
        .library(name: "SocketIO", targets: ["SocketIO"]),
        .library(name: "SocketIOClient", targets: ["SocketIOClient"]),
        .library(name: "SocketIOTesting", targets: ["SocketIOTesting"]),
        .library(name: "SocketIOApp", targets: ["SocketIOApp"]),
        .executable(name: "sio-demo", targets: ["SIODemo"]),
        .executable(name: "ws-echo-server", targets: ["WSEchoServer"]),
        .executable(name: "sio-conformance-server", targets: ["SIOConformanceServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Codecs: no dependencies at all, so fuzz builds take seconds and users embed them anywhere.
        .target(name: "EngineParser", swiftSettings: strict),
        .target(name: "SIOParser", swiftSettings: strict),
        // ByteBuffer as an attachment and as codec input, kept out of the dependency-free core.
        .target(
            name: "SIOParserNIO",
            dependencies: ["SIOParser", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(
            name: "WSFraming",
            dependencies: ["CZlib", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        // Engine.IO sessions over SwiftNIO: the network-free endpoint (EngineEndpoint) and its NIO host (EngineServer).
        .target(
            name: "Transports",
            dependencies: [
                "EngineParser", "WSFraming", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The Engine.IO v4 client: polling, WebSocket and the upgrade, over NIO.
        .target(
            name: "EngineClient",
            dependencies: [
                "EngineParser", "WSFraming",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Rooms and fan-out behind one protocol; reaches sockets only through a protocol the server implements.
        .target(
            name: "Adapters",
            dependencies: [
                "SIOParser", "SIOParserNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The Socket.IO server: namespaces, sockets, rooms, acks, broadcasts, over Transports and Adapters.
        .target(
            name: "SocketIO",
            dependencies: [
                "Transports", "Adapters", "SIOParser", "SIOParserNIO", "EngineParser",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // In-memory connections to an Engine.IO endpoint, for tests without a network, and a test client for
        // application tests over a real connection.
        .target(
            name: "SocketIOTesting",
            dependencies: [
                "Transports", "WSFraming", "SocketIOClient", "EngineClient", "SIOParser", "SIOParserNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The Socket.IO client over EngineClient: namespaces, acks, binary, reconnection, recovery.
        .target(
            name: "SocketIOClient",
            dependencies: [
                "EngineClient", "SIOParser", "SIOParserNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The application layer: configuration, onion middleware, controllers and router, sessions.
        .target(
            name: "SocketIOApp",
            dependencies: [
                "SocketIO", "Adapters", "Transports", "SIOParser", "SIOParserNIO", "CCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The chat demo: its logic and page (a library, so tests can start it), and the thin executable.
        .target(
            name: "SIODemoKit",
            dependencies: [
                "SocketIOApp", "SocketIO", "Transports", "SIOParser", "SIOParserNIO", "CCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/SIODemo/Kit",
            resources: [.copy("Public")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SIODemo",
            dependencies: [
                "SIODemoKit", "SocketIOApp", "Transports",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/SIODemo/Main",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SIOConformanceServer",
            dependencies: [
                "Transports", "SocketIO", "SIOParser", "SIOParserNIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Examples/SIOConformanceServer",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "WSEchoServer",
            dependencies: [
                "WSFraming",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Examples/WSEchoServer",
            swiftSettings: strict
        ),
        .testTarget(name: "EngineParserTests", dependencies: ["EngineParser"], swiftSettings: strict),
        .testTarget(name: "SIOParserTests", dependencies: ["SIOParser", "SIOParserNIO"], swiftSettings: strict),
        .testTarget(name: "WSFramingTests", dependencies: ["WSFraming"], swiftSettings: strict),
        .testTarget(
            name: "TransportsTests",
            dependencies: [
                "Transports", "EngineParser", "WSFraming",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AdaptersTests",
            dependencies: ["Adapters", "SIOParser", "SIOParserNIO", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SocketIOTests",
            dependencies: [
                "SocketIO", "Adapters", "Transports", "SIOParser", "SIOParserNIO", "EngineParser", "SocketIOClient",
                "EngineClient", "SocketIOTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SocketIOClientTests",
            dependencies: [
                "SocketIOClient", "EngineClient", "Transports", "SIOParser", "SIOParserNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SocketIOAppTests",
            dependencies: [
                "SocketIOApp", "SocketIO", "SocketIOTesting", "SocketIOClient", "Transports", "SIOParser", "SIOParserNIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SIODemoTests",
            dependencies: [
                "SIODemoKit", "SocketIOApp", "SocketIOTesting", "SocketIO", "SocketIOClient", "EngineClient", "SIOParser",
                "SIOParserNIO", "Transports",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EngineClientTests",
            dependencies: [
                "EngineClient", "Transports", "EngineParser",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)

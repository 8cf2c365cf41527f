// swift-tools-version:6.1
import PackageDescription

// The root package is a path dependency; its identity is its folder's name, whatever the clone is called.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main")

let package = Package(
    name: "Benchmarks",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        .target(name: "BenchSupport"),
        // Engine.IO, Socket.IO and JSON codecs; the peer is Node's socket.io-parser, run as a child process.
        .executableTarget(
            name: "CodecBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "EngineParser", package: root),
                .product(name: "SIOParser", package: root),
            ]
        ),
        // The Socket.IO server's own CPU per echo ack and per broadcast delivery, over in-memory transports.
        .executableTarget(
            name: "SIOServerBenchmarks",
            dependencies: [
                "BenchSupport",
                .product(name: "SocketIO", package: root),
                .product(name: "Transports", package: root),
                .product(name: "SIOParser", package: root),
                .product(name: "SIOParserNIO", package: root),
                .product(name: "WSFraming", package: root),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Raw zlib, the peer of permessage-deflate.
        .systemLibrary(name: "CZlibPeer", pkgConfig: "zlib"),
        // WebSocket framing; the peers are NIOWebSocket and raw zlib, run in the same process on the same bytes.
        .executableTarget(
            name: "WSBenchmarks",
            dependencies: [
                "BenchSupport",
                "CZlibPeer",
                .product(name: "WSFraming", package: root),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                // Drives NIOWebSocket's decoder/encoder, which only run inside a channel pipeline.
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
    ]
)

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
        .executable(name: "ws-echo-server", targets: ["WSEchoServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
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
            dependencies: ["CZlib", "CCrypto", .product(name: "NIOCore", package: "swift-nio")],
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
    ]
)

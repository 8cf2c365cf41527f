// swift-tools-version:6.1
import PackageDescription

// The root package is a path dependency; its identity is its folder's name, whatever the clone is called.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main")

/// One libFuzzer target per parser: `name` is the folder under Sources/, `products` what it links from the root.
func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) }
    )
}

let package = Package(
    name: "Fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("FuzzEnginePacket", ["EngineParser"]),
        fuzzTarget("FuzzEngineV4Payload", ["EngineParser"]),
        fuzzTarget("FuzzEngineV3Payload", ["EngineParser"]),
        fuzzTarget("FuzzSIOPacket", ["SIOParser"]),
        fuzzTarget("FuzzJSON", ["SIOParser"]),
        fuzzTarget("FuzzCodable", ["SIOParser"]),
        fuzzTarget("FuzzWSFrame", ["WSFraming"]),
        fuzzTarget("FuzzUTF8", ["WSFraming"]),
        fuzzTarget("FuzzWSHandshake", ["WSFraming"]),
        fuzzTarget("FuzzWSExtensions", ["WSFraming"]),
        fuzzTarget("FuzzInflate", ["WSFraming"]),
        fuzzTarget("FuzzHTTPFields", ["Transports"]),
        fuzzTarget("FuzzClusterMessage", ["Adapters"]),
        fuzzTarget("FuzzSessionCookie", ["SocketIOApp"]),
    ]
)

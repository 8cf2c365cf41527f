/// The engine and Socket.IO options a configuration file may set; every default is the reference's.
///
/// Decoding is strict: every key is optional, an unknown key or a value of the wrong type is an error naming its path.
/// Values are checked by `validate(at:)` (which `SocketIOAppConfiguration.decode(json:)` and `apply(to:)` run).
public struct EngineConfiguration: Codable, Sendable, Equatable {
    /// Where the endpoint is mounted.
    public var path: String = "/socket.io/"
    /// Milliseconds between pings.
    public var pingInterval: Int = 25_000
    /// Milliseconds a client has to answer a ping.
    public var pingTimeout: Int = 20_000
    /// Milliseconds a client has to connect to a namespace after the handshake.
    public var connectTimeout: Int = 45_000
    /// The largest message or polling body accepted, in bytes.
    public var maxHttpBufferSize: Int = 1_000_000
    /// The transports offered: `polling`, `websocket`.
    public var transports: [String] = ["polling", "websocket"]
    /// Whether polling sessions may upgrade to WebSocket.
    public var allowUpgrades: Bool = true
    /// Whether Engine.IO v3 (socket.io 2.x) clients are accepted.
    public var allowEIO3: Bool = false
    /// Origins allowed to connect cross-origin; nil allows the same origin only, `["*"]` allows every origin.
    public var corsOrigins: [String]? = nil
    /// The most binary attachments one packet may announce.
    public var maxAttachments: Int = 10

    /// The longest interval a timing option may have, in milliseconds: 2^31 - 1, the longest timer Node.js (the
    /// reference's runtime) accepts, and far below where a conversion to nanoseconds could overflow.
    public static let maxMilliseconds = 2_147_483_647
    /// The transport names an engine knows.
    public static let knownTransports = ["polling", "websocket"]

    /// The defaults.
    public init() {}

    private static let keys = [
        "path", "pingInterval", "pingTimeout", "connectTimeout", "maxHttpBufferSize", "transports", "allowUpgrades",
        "allowEIO3", "corsOrigins", "maxAttachments",
    ]

    /// Decodes strictly: missing keys keep their defaults, unknown keys and wrong types throw
    /// `AppConfigurationError` / `DecodingError` with the path.
    public init(from decoder: any Decoder) throws {
        let object = try ConfigurationObject(decoder, known: Self.keys)
        path = try object.value("path", default: path)
        pingInterval = try object.value("pingInterval", default: pingInterval)
        pingTimeout = try object.value("pingTimeout", default: pingTimeout)
        connectTimeout = try object.value("connectTimeout", default: connectTimeout)
        maxHttpBufferSize = try object.value("maxHttpBufferSize", default: maxHttpBufferSize)
        transports = try object.value("transports", default: transports)
        allowUpgrades = try object.value("allowUpgrades", default: allowUpgrades)
        allowEIO3 = try object.value("allowEIO3", default: allowEIO3)
        corsOrigins = try object.optional("corsOrigins")
        maxAttachments = try object.value("maxAttachments", default: maxAttachments)
    }

    /// Writes every key (`corsOrigins` as `null` when unset), so encoding then decoding gives the same value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigurationKey.self)
        try container.encode(path, forKey: .init("path"))
        try container.encode(pingInterval, forKey: .init("pingInterval"))
        try container.encode(pingTimeout, forKey: .init("pingTimeout"))
        try container.encode(connectTimeout, forKey: .init("connectTimeout"))
        try container.encode(maxHttpBufferSize, forKey: .init("maxHttpBufferSize"))
        try container.encode(transports, forKey: .init("transports"))
        try container.encode(allowUpgrades, forKey: .init("allowUpgrades"))
        try container.encode(allowEIO3, forKey: .init("allowEIO3"))
        if let corsOrigins {
            try container.encode(corsOrigins, forKey: .init("corsOrigins"))
        } else {
            try container.encodeNil(forKey: .init("corsOrigins"))
        }
        try container.encode(maxAttachments, forKey: .init("maxAttachments"))
    }

    /// Checks every value; `parent` is this object's path in the file (`engine`).
    public func validate(at parent: String = "engine") throws(AppConfigurationError) {
        func invalid(_ key: String, _ detail: String) -> AppConfigurationError {
            .invalidValue.with(path: ConfigurationPath.join(parent, key), detail: detail)
        }
        guard path.hasPrefix("/"), path.hasSuffix("/") else {
            throw invalid("path", "\"\(path)\" must start and end with \"/\"")
        }
        for (key, value) in [
            ("pingInterval", pingInterval), ("pingTimeout", pingTimeout), ("connectTimeout", connectTimeout),
        ] {
            guard value > 0, value <= Self.maxMilliseconds else {
                throw invalid(key, "\(value) must be between 1 and \(Self.maxMilliseconds) milliseconds")
            }
        }
        guard maxHttpBufferSize > 0 else { throw invalid("maxHttpBufferSize", "\(maxHttpBufferSize) must be > 0") }
        guard maxAttachments > 0 else { throw invalid("maxAttachments", "\(maxAttachments) must be > 0") }
        guard !transports.isEmpty else { throw invalid("transports", "at least one transport is required") }
        for (index, name) in transports.enumerated() {
            guard Self.knownTransports.contains(name) else {
                throw invalid("transports[\(index)]", "unknown transport \"\(name)\" (known: polling, websocket)")
            }
            guard !transports[..<index].contains(name) else {
                throw invalid("transports[\(index)]", "\"\(name)\" is listed twice")
            }
        }
        for (index, origin) in (corsOrigins ?? []).enumerated() where origin.isEmpty {
            throw invalid("corsOrigins[\(index)]", "an origin must not be empty")
        }
    }
}

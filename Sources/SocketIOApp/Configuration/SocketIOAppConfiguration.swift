public import SIOParser

/// The whole setup of an application in one value, Codable and loadable from a JSON file (egg-socket.io's
/// `exports.io`): engine options, namespaces with their named middleware, the adapter, the id generator, sessions
/// and the application's own settings.
///
/// Decoding is strict with any `Decoder`: every key is optional, an unknown key throws `AppConfigurationError`
/// naming it and its path, a wrong type throws the decoder's `DecodingError`. `decode(json:)` and
/// `load(contentsOfFile:)` also validate the values and report every problem as an `AppConfigurationError`.
public struct SocketIOAppConfiguration: Codable, Sendable, Equatable {
    /// Engine and Socket.IO options.
    public var engine: EngineConfiguration = EngineConfiguration()
    /// Connection middleware for every namespace, by registered name, run first.
    public var connectionMiddleware: [String] = []
    /// Packet middleware for every namespace, by registered name, run first.
    public var packetMiddleware: [String] = []
    /// The namespaces, keyed by name (`/chat`), with their own middleware.
    public var namespaces: [String: NamespaceConfiguration] = ["/": NamespaceConfiguration()]
    /// Which adapter fans out broadcasts.
    public var adapter: AdapterConfiguration = AdapterConfiguration()
    /// The registered generator of engine session ids, nil for the default.
    public var generateId: String? = nil
    /// Handshake sessions, nil for none.
    public var session: SessionConfiguration? = nil
    /// The application's own settings, free-form.
    public var settings: JSONValue = .object([:])

    /// The defaults: the main namespace only, the reference's engine defaults, the in-memory adapter.
    public init() {}

    private static let keys = [
        "engine", "connectionMiddleware", "packetMiddleware", "namespaces", "adapter", "generateId", "session",
        "settings",
    ]

    /// Decodes strictly; a missing `namespaces` key keeps the main namespace `/`, a given one replaces it.
    public init(from decoder: any Decoder) throws {
        let object = try ConfigurationObject(decoder, known: Self.keys)
        engine = try object.value("engine", default: engine)
        connectionMiddleware = try object.value("connectionMiddleware", default: [])
        packetMiddleware = try object.value("packetMiddleware", default: [])
        namespaces = try object.dictionary("namespaces", of: NamespaceConfiguration.self) ?? namespaces
        adapter = try object.value("adapter", default: adapter)
        generateId = try object.optional("generateId")
        session = try object.optional("session")
        settings = try object.value("settings", default: settings)
    }

    /// Writes every key (`generateId` and `session` as `null` when unset), so encoding then decoding gives the same
    /// value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigurationKey.self)
        try container.encode(engine, forKey: .init("engine"))
        try container.encode(connectionMiddleware, forKey: .init("connectionMiddleware"))
        try container.encode(packetMiddleware, forKey: .init("packetMiddleware"))
        var members = container.nestedContainer(keyedBy: ConfigurationKey.self, forKey: .init("namespaces"))
        for name in namespaces.keys.sorted() {
            try members.encode(namespaces[name], forKey: .init(name))
        }
        try container.encode(adapter, forKey: .init("adapter"))
        if let generateId {
            try container.encode(generateId, forKey: .init("generateId"))
        } else {
            try container.encodeNil(forKey: .init("generateId"))
        }
        if let session {
            try container.encode(session, forKey: .init("session"))
        } else {
            try container.encodeNil(forKey: .init("session"))
        }
        try container.encode(settings, forKey: .init("settings"))
    }

    /// Checks every value (ranges, paths, transports, namespace names, the adapter, sessions). Names of middleware,
    /// id generators and session stores are resolved when the application starts, not here.
    public func validate() throws(AppConfigurationError) {
        try engine.validate(at: "engine")
        try NamespaceConfiguration.validateNames(connectionMiddleware, at: "connectionMiddleware")
        try NamespaceConfiguration.validateNames(packetMiddleware, at: "packetMiddleware")
        for name in namespaces.keys.sorted() {
            let path = ConfigurationPath.join("namespaces", name)
            guard name.hasPrefix("/") else {
                throw .invalidValue.with(path: path, detail: "a namespace name must start with \"/\"")
            }
            try namespaces[name]?.validate(at: path)
        }
        try adapter.validate(at: "adapter")
        if let generateId, generateId.isEmpty {
            throw .invalidValue.with(path: "generateId", detail: "an id generator name must not be empty")
        }
        try session?.validate(at: "session")
    }
}

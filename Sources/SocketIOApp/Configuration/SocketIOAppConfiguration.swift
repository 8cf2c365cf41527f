public import SIOParser

/// The whole setup of an application in one value, Codable and loadable from a JSON file (egg-socket.io's
/// `exports.io`): engine options, namespaces with their named middleware, the adapter, the id generator, sessions
/// and the application's own settings.
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
}

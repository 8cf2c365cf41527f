/// The engine and Socket.IO options a configuration file may set; every default is the reference's.
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
    /// Origins allowed to connect cross-origin; nil allows the same origin only.
    public var corsOrigins: [String]? = nil
    /// The most binary attachments one packet may announce.
    public var maxAttachments: Int = 10

    /// The defaults.
    public init() {}
}

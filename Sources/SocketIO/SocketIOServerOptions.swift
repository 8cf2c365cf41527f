public import Adapters
public import NIOCore
public import Transports

/// Everything a `SocketIOServer` can be configured with; every default is the reference server's.
public struct SocketIOServerOptions: Sendable {
    /// The Engine.IO options (path `/socket.io/`, pingInterval 25 s, pingTimeout 20 s, maxHttpBufferSize 1e6, ...).
    public var engine: EngineServerOptions = EngineServerOptions()
    /// How long an Engine.IO connection may stay without joining any namespace before it is closed. Default 45 s.
    public var connectTimeout: TimeAmount = .seconds(45)
    /// Whether a child of a dynamic namespace is removed when its last socket leaves. Default `false`.
    public var cleanupEmptyChildNamespaces: Bool = false
    /// At most this many binary attachments per packet (the decoder's limit). Default 10.
    public var maxAttachments: Int = 10
    /// At most this many events wait in a socket while its async `connection` handlers or its packet middleware
    /// run; one more closes the connection ("forced server close"). Default 1000: far more than a client sends while
    /// a handler awaits, yet it bounds what a client flooding a slow handler makes the server hold.
    public var maxQueuedEvents: Int = 1_000
    /// Connection state recovery; `nil` (the default) turns it off.
    public var connectionStateRecovery: ConnectionStateRecoveryOptions? = nil
    /// Makes each namespace's adapter. Default: the in-memory adapter.
    public var adapter: AdapterFactory = { InMemoryAdapter(configuration: $0) }

    /// Options with every default.
    public init() {}
}

/// Settings of connection state recovery (the reference's `connectionStateRecovery`).
public struct ConnectionStateRecoveryOptions: Sendable {
    /// How long after a disconnection the session can still be restored. Default 2 minutes.
    public var maxDisconnectionDuration: Duration = .seconds(120)
    /// Whether a restored socket skips the namespace middleware. Default `true`.
    public var skipMiddlewares: Bool = true

    /// Options with every default.
    public init(maxDisconnectionDuration: Duration = .seconds(120), skipMiddlewares: Bool = true) {
        self.maxDisconnectionDuration = maxDisconnectionDuration
        self.skipMiddlewares = skipMiddlewares
    }
}

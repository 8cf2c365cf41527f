public import EngineClient

/// How a `SocketIOManager` connects and reconnects; defaults follow the reference socket.io-client.
public struct SocketIOClientConfiguration: Sendable {
    /// The Engine.IO connection: host, port, path (`/socket.io/`), transports, upgrade, query, headers, limits.
    public var engine: EngineClientConfiguration
    /// Whether a lost connection is re-opened automatically. Default `true`.
    public var reconnection: Bool = true
    /// How many reconnection attempts in a row before giving up. Default `Int.max` (the reference's `Infinity`).
    public var reconnectionAttempts: Int = .max
    /// The first reconnection delay, doubled on every attempt. Default 1 s.
    public var reconnectionDelay: Duration = .seconds(1)
    /// The largest reconnection delay. Default 5 s.
    public var reconnectionDelayMax: Duration = .seconds(5)
    /// The jitter: each delay moves by up to this fraction of itself, up or down. Default 0.5.
    public var randomizationFactor: Double = 0.5
    /// How long `connect()` waits for the namespace's CONNECT answer (Engine.IO handshake included); it also
    /// bounds each Engine.IO handshake (`engine.connectTimeout`). Default 20 s.
    public var timeout: Duration = .seconds(20) {
        didSet { engine.connectTimeout = timeout }
    }
    /// The timeout of `emitWithAck` when the call gives none. Default 20 s (the reference has none; an await
    /// without an upper bound would leak a task when a server never answers).
    public var ackTimeout: Duration = .seconds(20)
    /// How many attachments an incoming binary packet may announce. Default 10, as the reference parser.
    public var maxAttachments: Int = 10
    /// How many emits a socket queues while it is not connected; more throw `bufferFull`. Default 1 000 (the
    /// reference queues without bound; a client offline for long would grow memory without one).
    public var maxBufferedEmits: Int = 1_000

    /// The request path of the Engine.IO endpoint (`engine.path`). Default `/socket.io/`.
    public var path: String {
        get { engine.path }
        set { engine.path = newValue }
    }

    /// The transports to try, first one first (`engine.transports`). Default polling, then WebSocket.
    public var transports: [EngineClientTransport] {
        get { engine.transports }
        set { engine.transports = newValue }
    }

    /// Whether polling upgrades to WebSocket (`engine.upgrade`). Default `true`.
    public var upgrade: Bool {
        get { engine.upgrade }
        set { engine.upgrade = newValue }
    }

    /// Query parameters added to every request (`engine.query`).
    public var query: [(name: String, value: String)] {
        get { engine.query }
        set { engine.query = newValue }
    }

    /// Headers added to every request (`engine.headers`).
    public var headers: [(name: String, value: String)] {
        get { engine.headers }
        set { engine.headers = newValue }
    }

    /// A configuration for `host:port` with every other field at its default.
    public init(host: String, port: Int) {
        engine = EngineClientConfiguration(host: host, port: port)
        engine.connectTimeout = timeout
    }
}

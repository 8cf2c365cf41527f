public import NIOCore
public import WSFraming

/// Everything an Engine.IO endpoint can be told, each field with the reference server's default (engine.io 6.6)
/// unless the field is one of this project's additions, which say why they exist.
public struct EngineServerOptions: Sendable {
    /// Where the endpoint lives. The trailing slash is normalised by `addTrailingSlash` (see `normalizedPath`).
    public var path: String = "/socket.io/"
    /// When true (default) the endpoint matches `path + "/"` as a prefix; when false it matches `path` itself, so
    /// `/socket.io` and `/socket.io?EIO=4` both reach it (the reference's `addTrailingSlash`).
    public var addTrailingSlash: Bool = true
    /// How often the server pings a v4 client (reference: 25 s).
    public var pingInterval: TimeAmount = .milliseconds(25_000)
    /// How long the server waits for the pong before closing with `pingTimeout` (reference: 20 s).
    public var pingTimeout: TimeAmount = .milliseconds(20_000)
    /// How long an upgrade may take from the WebSocket's arrival to the client's `5` (reference: 10 s).
    public var upgradeTimeout: TimeAmount = .milliseconds(10_000)
    /// The largest polling body and WebSocket message accepted, in bytes; also advertised as `maxPayload`
    /// (reference: 1e6).
    public var maxHttpBufferSize: Int = 1_000_000
    /// The transports clients may use, in order of preference (reference: polling, websocket).
    public var transports: [EngineTransportKind] = [.polling, .websocket]
    /// Whether a polling session may upgrade to WebSocket (reference: true).
    public var allowUpgrades: Bool = true
    /// Whether Engine.IO v3 clients (`EIO=3`) are served (reference: false).
    public var allowEIO3: Bool = false
    /// permessage-deflate for WebSocket sessions; nil (default) turns it off, as the reference does.
    public var perMessageDeflate: EnginePerMessageDeflate? = nil
    /// gzip/deflate of polling responses; the reference compresses by default above 1 KiB.
    public var httpCompression: EngineHTTPCompression? = EngineHTTPCompression()
    /// The session cookie, nil (default) for none.
    public var cookie: EngineCookie? = nil
    /// Which origins may use the endpoint, and the CORS headers that go with them. The origin is checked on every
    /// request, not only the handshake (see `EngineCORS`).
    public var cors: EngineCORS = EngineCORS()
    /// Decides whether a handshake may proceed; throw `EngineRequestRejection` (or any error) to refuse it with
    /// 403 and code 4. Nil (default) accepts every handshake.
    public var allowRequest: (@Sendable (EngineRequestHead) async throws -> Void)? = nil
    /// Makes the session id; may be async. The default is `EngineSessionID.random()` (15 URL-safe characters, 90
    /// random bits, stored inline in the `String`).
    public var generateId: @Sendable (EngineRequestHead) async throws -> String {
        get { customGenerateId ?? { _ in EngineSessionID.random() } }
        set { customGenerateId = newValue }
    }
    /// The `generateId` set, nil for the default: the endpoint then makes ids on the event loop, without a task
    /// per handshake (whose executor hop, thread and allocations every session paid).
    private(set) var customGenerateId: (@Sendable (EngineRequestHead) async throws -> String)?
    /// Adds headers to the first response of a session (the handshake), before `headers` runs.
    public var initialHeaders: (@Sendable (inout EngineResponseHeaders, EngineRequestHead) -> Void)? = nil
    /// Adds headers to every engine response (polling responses and the WebSocket 101).
    public var headers: (@Sendable (inout EngineResponseHeaders, EngineRequestHead) -> Void)? = nil
    /// A message sent to every new session right after the open packet (the reference's `initialPacket`).
    public var initialPacket: EngineOutboundMessage? = nil
    /// How long a polling session waits for a GET to carry its close packet before giving up (reference: 30 s).
    public var pollingCloseTimeout: TimeAmount = .seconds(30)
    /// The per-session send queue bound and what happens when it is full.
    public var sendQueue: EngineSendQueueLimits = EngineSendQueueLimits()
    /// Limits on HTTP connections and on the number of sessions.
    public var connectionLimits: EngineConnectionLimits = EngineConnectionLimits()
    /// Called for every refused request, like the reference's `connection_error` event.
    public var onConnectionError: (@Sendable (EngineConnectionError) -> Void)? = nil

    /// Options with every default.
    public init() {}

    /// The path the endpoint matches, with the trailing-slash rule applied.
    public var normalizedPath: String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        if p == "/" { p = "" }
        return addTrailingSlash ? p + "/" : p
    }

    /// The transports a session on `kind` may upgrade to (the open packet's `upgrades`).
    public func upgrades(from kind: EngineTransportKind) -> [EngineTransportKind] {
        guard allowUpgrades, kind == .polling, transports.contains(.websocket) else { return [] }
        return [.websocket]
    }
}

/// permessage-deflate settings for WebSocket sessions.
public struct EnginePerMessageDeflate: Sendable {
    /// Messages shorter than this many bytes are sent uncompressed (reference: 1024).
    public var threshold: Int = 1024
    /// Negotiation and zlib settings.
    public var options: PerMessageDeflateOptions = PerMessageDeflateOptions()
    /// Defaults everywhere.
    public init(threshold: Int = 1024, options: PerMessageDeflateOptions = PerMessageDeflateOptions()) {
        self.threshold = threshold
        self.options = options
    }
}

/// gzip/deflate of polling responses, chosen by the request's Accept-Encoding.
public struct EngineHTTPCompression: Sendable, Hashable {
    /// Responses shorter than this many bytes are sent as they are (reference: 1024).
    public var threshold: Int = 1024
    /// zlib compression level, 1–9, or -1 for zlib's default (reference: zlib's default).
    public var level: Int32 = -1
    /// Defaults everywhere.
    public init(threshold: Int = 1024, level: Int32 = -1) {
        self.threshold = threshold
        self.level = level
    }
}

/// The session cookie written on the handshake response (the reference's `cookie` option).
public struct EngineCookie: Sendable, Hashable {
    /// How `SameSite` is written.
    public enum SameSite: String, Sendable, Hashable {
        /// `SameSite=Strict`.
        case strict = "Strict"
        /// `SameSite=Lax`.
        case lax = "Lax"
        /// `SameSite=None` (browsers also require `secure`).
        case none = "None"
    }

    /// Cookie name (reference: "io").
    public var name: String = "io"
    /// Cookie path (reference: "/").
    public var path: String? = "/"
    /// `HttpOnly` (reference: true).
    public var httpOnly: Bool = true
    /// `SameSite` (reference: lax).
    public var sameSite: SameSite? = .lax
    /// `Secure`.
    public var secure: Bool = false
    /// `Domain`.
    public var domain: String? = nil
    /// `Max-Age` in seconds.
    public var maxAge: Int? = nil
    /// Defaults everywhere.
    public init() {}
}

/// Bounds the packets waiting for a session's transport, so a client that stops reading cannot grow server memory.
public struct EngineSendQueueLimits: Sendable, Hashable {
    /// What `send` does when the queue is full.
    public enum Policy: Sendable, Hashable {
        /// Drop packets sent as volatile; refuse others (`EngineSendResult.queueFull`).
        case dropVolatile
        /// Refuse the packet (`EngineSendResult.queueFull`), volatile or not.
        case failSend
        /// Close the session with `EngineCloseReason.sendQueueOverflow`.
        case closeSession
    }

    /// The most bytes (encoded packet data) a session may have queued; default 1 MiB, enough for one maximal
    /// message plus headroom.
    public var maxBytes: Int = 1 << 20
    /// The most packets a session may have queued; default 10,000.
    public var maxPackets: Int = 10_000
    /// What happens when either bound would be passed; default `.closeSession`, since a peer that far behind rarely
    /// recovers, and silently losing events is worse.
    public var policy: Policy = .closeSession
    /// Defaults everywhere.
    public init(maxBytes: Int = 1 << 20, maxPackets: Int = 10_000, policy: Policy = .closeSession) {
        self.maxBytes = maxBytes
        self.maxPackets = maxPackets
        self.policy = policy
    }
}

/// Limits that protect the server from hostile or broken HTTP connections.
public struct EngineConnectionLimits: Sendable, Hashable {
    /// A request head must arrive completely within this time (slowloris); default 10 s.
    public var headerTimeout: TimeAmount = .seconds(10)
    /// The largest request head in bytes; default 16 KiB (Node's default is 16 KiB too).
    public var maxHeaderBytes: Int = 16_384
    /// The most header fields in a request; default 100.
    public var maxHeaderCount: Int = 100
    /// A connection that has sent no request for this long, and has none in progress, is closed; default 30 s.
    /// Long-poll GETs and WebSockets are not idle.
    public var idleTimeout: TimeAmount = .seconds(30)
    /// The most concurrent Engine.IO sessions; nil (default) for no cap. Handshakes past it get 503.
    public var maxSessions: Int? = nil
    /// The most concurrent TCP connections; nil (default) for no cap. Connections past it are closed at accept.
    public var maxConnections: Int? = nil
    /// Defaults everywhere.
    public init() {}
}

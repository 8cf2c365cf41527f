import EngineParser
public import Logging
import NIOCore
import NIOHTTP1
import WSFraming

/// The Engine.IO server, independent of the network: handshakes, the session registry, polling and WebSocket
/// transports, upgrades, heartbeats (the reference's `Server` minus the HTTP listener).
///
/// A host (`EngineServer`, or a web-framework adapter) hands it requests through `EngineHTTPService`.
public final class EngineEndpoint: EngineHTTPService, @unchecked Sendable {
    /// The options it was made with.
    public let options: EngineServerOptions
    /// Where session events go.
    public let handler: any EngineHandler
    /// Logs refusals and session ends at debug level.
    public let logger: Logger

    /// The option values sessions read, shared.
    let sessionConfig: EngineSessionConfig
    /// The origin check and CORS headers.
    let cors: CORSPolicy
    /// The open sessions.
    let registry = EngineSessionRegistry()
    /// One heartbeat queue per event loop, shared by that loop's sessions.
    let heartbeatQueues = EngineHeartbeatQueues()

    /// An endpoint with these options, reporting to `handler`.
    public convenience init(
        options: EngineServerOptions, handler: any EngineHandler, logger: Logger = Logger(label: "engine")
    ) {
        self.init(options: options, handler: handler, logger: logger, upgradeCheckInterval: .milliseconds(100))
    }

    /// An endpoint whose upgrade noop check runs every `upgradeCheckInterval` (tests shorten it).
    init(
        options: EngineServerOptions, handler: any EngineHandler, logger: Logger,
        upgradeCheckInterval: TimeAmount
    ) {
        self.options = options
        self.handler = handler
        self.logger = logger
        self.sessionConfig = EngineSessionConfig(options, upgradeCheckInterval: upgradeCheckInterval)
        self.cors = CORSPolicy(options.cors)
    }

    /// The number of open sessions (the reference's `clientsCount`).
    public var clientsCount: Int { registry.count }

    /// The session with this id, if open.
    public func session(id: String) -> EngineSession? { registry.session(id: id) }

    /// Whether the path is the endpoint's (prefix match on `options.normalizedPath`).
    public func matches(path: Substring) -> Bool {
        let p = options.normalizedPath
        return options.addTrailingSlash ? path.hasPrefix(p) : (path == p || path.hasPrefix(p + "/"))
    }

    /// Handles an HTTP request at the path.
    public func handleRequest(_ head: EngineRequestHead, exchange: any EngineHTTPExchange) {
        if head.method == .OPTIONS {
            let (status, headers) = cors.preflight(head)
            exchange.respond(status: status, headers: headers, body: nil)
            return
        }
        let query = head.query
        let kind: EngineTransportKind
        let corsHeaders: HTTPHeaders
        switch verify(head, query: query) {
        case .success(let verified):
            (kind, corsHeaders) = verified
        case .failure(let refusal):
            refuse(EnginePollRequest(exchange: exchange, head: head, cors: refusal.cors, isHandshake: false),
                   refusal.error)
            return
        }
        let sid = Self.sid(in: query)
        let request = EnginePollRequest(exchange: exchange, head: head, cors: corsHeaders, isHandshake: sid == nil)
        if let sid {
            guard let session = registry.session(id: sid) else {
                refuse(request, .unknownSID(sid))
                return
            }
            session.onLoop { $0.handlePolling(request, transportName: kind) }
            return
        }
        guard head.method == .GET else {
            refuse(request, .badHandshakeMethod(head.method.rawValue))
            return
        }
        guard kind == .polling else {
            refuse(request, .badRequest("TRANSPORT_HANDSHAKE_ERROR"))
            return
        }
        guard let version = protocolVersion(query["EIO"]) else {
            refuse(request, .unsupportedProtocolVersion(query["EIO"]))
            return
        }
        // The reference reads `b64` as a JavaScript truthy string: any non-empty value asks for base64.
        let supportsBinary = query["b64"].map(\.isEmpty) ?? true
        runHandshakeHooks(head) { [self] result in
            switch result {
            case .failure(let error):
                refuse(request, error)
            case .success(let id):
                exchange.eventLoop.execute { [self] in
                    openPollingSession(id: id, version: version, request: request, supportsBinary: supportsBinary)
                }
            }
        }
    }

    /// Handles a WebSocket upgrade at the path.
    public func handleUpgrade(_ head: EngineRequestHead, upgrade: any EngineWebSocketUpgrade) {
        let query = head.query
        switch verify(head, query: query) {
        case .success:
            break
        case .failure(let refusal):
            refuse(upgrade, head: head, refusal.error)
            return
        }
        if let sid = Self.sid(in: query) {
            guard let session = registry.session(id: sid) else {
                refuse(upgrade, head: head, .unknownSID(sid))
                return
            }
            guard query["transport"] == EngineTransportKind.websocket.name else {
                // The reference accepts, then closes a WebSocket whose transport cannot handle upgrades.
                refuse(upgrade, head: head, .badRequest("TRANSPORT_MISMATCH"))
                return
            }
            var headers = HTTPHeaders()
            options.headers?(&headers, head)
            upgrade.accept(headers: headers, deflate: options.perMessageDeflate, limits: webSocketLimits) { transport in
                guard let transport else { return }
                transport.delegate = session
                session.onLoop { $0.probeArrived(transport) }
            }
            return
        }
        guard head.method == .GET else {
            refuse(upgrade, head: head, .badHandshakeMethod(head.method.rawValue))
            return
        }
        guard query["transport"] == EngineTransportKind.websocket.name else {
            refuse(upgrade, head: head, .badRequest("TRANSPORT_MISMATCH"))
            return
        }
        guard let version = protocolVersion(query["EIO"]) else {
            refuse(upgrade, head: head, .unsupportedProtocolVersion(query["EIO"]))
            return
        }
        runHandshakeHooks(head) { [self] result in
            switch result {
            case .failure(let error):
                refuse(upgrade, head: head, error)
            case .success(let id):
                openWebSocketSession(id: id, version: version, head: head, upgrade: upgrade)
            }
        }
    }

    /// Closes every session with `reason` and refuses new ones.
    public func shutdown(reason: EngineCloseReason) async {
        for session in registry.beginShutdown() {
            session.close(reason: reason, discard: true)
        }
        await registry.waitUntilEmpty()
    }

    /// A session closed: it leaves the registry, then the handler hears of it.
    func sessionDidClose(_ session: EngineSession, reason: EngineCloseReason) {
        registry.remove(session)
        logger.debug("engine session closed", metadata: ["sid": "\(session.id)", "reason": "\(reason)"])
        handler.sessionClosed(session, reason: reason)
    }

    /// The WebSocket limits: one message at most `maxHttpBufferSize`, as the reference's `maxPayload`.
    var webSocketLimits: WSLimits {
        WSLimits(
            maxFrameSize: options.maxHttpBufferSize, maxMessageSize: options.maxHttpBufferSize,
            maxFragmentsPerMessage: WSLimits().maxFragmentsPerMessage)
    }

    /// The protocol revision of a handshake: `4`, or `3` with `allowEIO3`; anything else is refused (code 5).
    func protocolVersion(_ eio: String?) -> EngineProtocolVersion? {
        switch eio {
        case "4": .v4
        case "3": options.allowEIO3 ? .v3 : nil
        default: nil
        }
    }

    /// The request's sid; an empty `sid=` counts as none, as in the reference (a falsy string starts a handshake).
    static func sid(in query: [String: String]) -> String? {
        guard let sid = query["sid"], !sid.isEmpty else { return nil }
        return sid
    }
}

public import EngineParser
public import NIOCore

/// One Engine.IO session (the reference's `Socket`).
///
/// A session lives on one event loop (`eventLoop`); every member except the `let`s and `close()` must be used on
/// it, and the handler is called on it. Its protocol logic is `EngineSessionStateMachine`; this class performs the
/// machine's actions (responses, WebSocket writes, timers, handler calls).
public final class EngineSession: @unchecked Sendable {
    // Stored properties are ordered so the object has no padding inside (an idle WebSocket session is mostly this
    // object and NIO's channel): word-sized ones first, `supportsBinary` in the state machine's tail padding.

    /// The session id (sid).
    public let id: String
    /// The event loop the session lives on (its heartbeat queue's: not stored twice).
    public var eventLoop: any EventLoop { heartbeatQueue.eventLoop }
    /// Free for the layer above (the Socket.IO client object of this session); loop-confined.
    public var context: AnyObject?
    /// The Engine.IO protocol revision the client speaks (3 or 4; kept by the state machine, not stored twice).
    public var protocolVersion: EngineProtocolVersion { machine.isV3 ? .v3 : .v4 }
    /// The handshake request, rebuilt from compact storage on each access (read it once, not per message).
    public var request: EngineRequestHead { handshake.head }

    /// The endpoint that owns the session (registry, handler, response decoration).
    let endpoint: EngineEndpoint
    /// The heartbeat queue of `eventLoop`.
    let heartbeatQueue: EngineHeartbeatQueue
    /// The active WebSocket (a WebSocket session, or after the upgrade).
    var webSocket: (any EngineWebSocketTransport)?
    /// What only polling needs (the pending GET, the probe, the upgrade and close timers); nil for a WebSocket
    /// session, so an idle WebSocket session carries none of it.
    var side: EnginePollingSide?
    /// Tasks suspended in `waitForDrain` (empty, so no allocation, unless someone waits).
    var drainWaiters: [CheckedContinuation<Void, Never>] = []
    /// The single heartbeat timer.
    var heartbeat = EngineHeartbeatTimer()
    /// The protocol logic.
    var machine: EngineSessionStateMachine
    /// v3 only: whether polling responses may use the binary payload form (no `b64` in the handshake).
    let supportsBinary: Bool
    private let handshake: CompactRequestHead

    init(
        id: String, protocolVersion: EngineProtocolVersion, request: EngineRequestHead, eventLoop: any EventLoop,
        endpoint: EngineEndpoint, transport: EngineSessionStateMachine.Transport, supportsBinary: Bool
    ) {
        self.id = id
        self.handshake = CompactRequestHead(request)
        self.endpoint = endpoint
        self.heartbeatQueue = endpoint.heartbeatQueues.queue(for: eventLoop)
        self.supportsBinary = supportsBinary
        self.machine = EngineSessionStateMachine(
            version: protocolVersion, transport: transport, config: endpoint.sessionConfig)
    }

    /// The transport in use now.
    public var transport: EngineTransportKind {
        switch machine.transport {
        case .polling: .polling
        case .websocket: .websocket
        }
    }

    /// Whether a message sent now would be handed to the transport at once (volatile messages need this).
    public var canWriteNow: Bool { machine.canWriteNow }

    /// Whether the session is closed (no further handler calls).
    public var isClosed: Bool { machine.readyState == .closed }

    /// Queues or writes a message. Must be called on `eventLoop`.
    @discardableResult
    public func send(_ message: EngineOutboundMessage, volatile: Bool = false, compress: Bool = true)
        -> EngineSendResult
    {
        let packet = EngineOutPacket.message(message, compress: compress)
        switch machine.send(packet, volatile: volatile) {
        case .writeNow:
            if let webSocket { writeWebSocket(CollectionOfOne(packet), to: webSocket) }
            return .written
        case .result(let result, let actions):
            perform(actions)
            return result
        }
    }

    /// Closes the session after flushing what is queued (reason `forcedClose`). Callable from any thread.
    public func close() {
        close(reason: .forcedClose, discard: false)
    }

    /// Closes after flushing what is queued, reporting `reason` (e.g. `parseError` when the layer above received
    /// bytes it cannot decode). Callable from any thread.
    public func close(reason: EngineCloseReason) {
        close(reason: reason, discard: false)
    }

    /// Closes with `reason`; `discard` closes at once without waiting for the queue. Callable from any thread.
    func close(reason: EngineCloseReason, discard: Bool) {
        onLoop { session in session.perform(session.machine.close(reason: reason, discard: discard)) }
    }

    /// Runs `body` on the session's loop (now when already there).
    func onLoop(_ body: @escaping @Sendable (EngineSession) -> Void) {
        if eventLoop.inEventLoop {
            body(self)
        } else {
            eventLoop.execute { body(self) }
        }
    }

    /// Starts the session: the open packet, the initial message, the heartbeat.
    func start() {
        let options = endpoint.options
        let handshake = EngineHandshake(
            sid: id, upgrades: options.upgrades(from: transport).map(\.name),
            pingInterval: Int(options.pingInterval.nanoseconds / 1_000_000),
            pingTimeout: Int(options.pingTimeout.nanoseconds / 1_000_000),
            maxPayload: options.maxHttpBufferSize)
        var json: [UInt8] = []
        handshake.encodeJSON(into: &json)
        let open = EngineOutPacket(type: .open, body: .text(ByteBuffer(bytes: json)), compress: false)
        let initial = options.initialPacket.map { EngineOutPacket.message($0, compress: true) }
        perform(machine.start(open: open, initial: initial))
    }
}

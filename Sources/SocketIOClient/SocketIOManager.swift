public import EngineClient
import NIOConcurrencyHelpers
import NIOCore
public import SIOParser
import SIOParserNIO

/// One Engine.IO connection shared by the namespace sockets made from it, as the reference client's `Manager`:
/// opens the connection when a socket connects, reconnects with exponential backoff and jitter after a loss
/// (every active socket then sends its CONNECT again), and closes it when no socket is left.
///
/// ```swift
/// let manager = SocketIOManager(configuration: .init(host: "127.0.0.1", port: 3000))
/// let socket = await manager.socket(namespace: "/chat", auth: ["token": "abc"])
/// socket.on("message") { arguments, ack in ... }
/// try await socket.connect()
/// try socket.emit("message", "hello")
/// let reply = try await socket.emitWithAck("question", 42)
/// ```
public actor SocketIOManager {
    /// The configuration this manager was made with.
    public nonisolated let configuration: SocketIOClientConfiguration

    /// Where the connection is.
    private enum ConnectionState {
        /// No connection and none being opened or scheduled.
        case closed
        /// `EngineClient.connect` is under way.
        case opening
        /// Connected; the generation counts connections so that packets meant for an old one are dropped.
        case open(EngineClient)
        /// Waiting for the backoff delay before the next attempt.
        case waitingToReconnect
    }

    private var state: ConnectionState = .closed
    private var generation = 0
    private var sockets: [String: SocketIOClientSocket] = [:]
    private var backoff: SocketIOBackoff
    /// Set when the application (or the last socket leaving) closed the connection on purpose.
    private var skipReconnect = false
    /// Overrides the Engine.IO reason when this side closed the connection for a cause of its own.
    private var closeOverride: SocketIODisconnectReason?
    private var decoder: SIOPacketDecoder<ByteBufferView>
    private var reconnectTask: Task<Void, Never>?
    /// What a connection's writer task does, in order.
    private enum OutboundItem: Sendable {
        /// Write a packet.
        case packet(SocketIOOutbound)
        /// Close the connection, after the packets queued before.
        case close
    }

    /// Where packets for the open connection go: its generation and its writer's queue.
    private struct Outlet: Sendable {
        let generation: Int
        let continuation: AsyncStream<OutboundItem>.Continuation
    }

    /// The open connection's outlet (nil while closed). Packets queued from any thread keep their order, and
    /// packets meant for an earlier connection are dropped here.
    private nonisolated let outlet = NIOLockedValueBox<Outlet?>(nil)
    /// Whether the connection being opened is a reconnection.
    private var reconnecting = false
    private var eventHandlers: [(id: UInt64, handler: @Sendable (SocketIOManagerEvent) -> Void)] = []
    private var nextHandlerID: UInt64 = 0

    /// A manager for `configuration`; nothing is opened until a socket connects.
    public init(configuration: SocketIOClientConfiguration) {
        self.configuration = configuration
        backoff = SocketIOBackoff(
            min: configuration.reconnectionDelay, max: configuration.reconnectionDelayMax,
            jitter: configuration.randomizationFactor)
        var options = SIOPacketOptions()
        options.maxAttachments = configuration.maxAttachments
        decoder = SIOPacketDecoder(options: options)
    }

    /// The socket for `namespace` (one per namespace, as in the reference; `auth` replaces the previous one).
    public func socket(namespace: String = "/", auth: JSONValue? = nil) -> SocketIOClientSocket {
        let name = namespace.hasPrefix("/") ? namespace : "/" + namespace
        if let existing = sockets[name] {
            if let auth { existing.auth = auth }
            return existing
        }
        let socket = SocketIOClientSocket(namespace: name, auth: auth, manager: self, configuration: configuration)
        sockets[name] = socket
        return socket
    }

    /// Whether the Engine.IO connection is open.
    public var isOpen: Bool {
        switch state {
        case .open: true
        case .closed, .opening, .waitingToReconnect: false
        }
    }

    /// The Engine.IO session id, while open.
    public var engineSessionID: String? {
        switch state {
        case .open(let engine): engine.sid
        case .closed, .opening, .waitingToReconnect: nil
        }
    }

    /// The transport in use, while open.
    public var transport: EngineClientTransport? {
        get async {
            switch state {
            case .open(let engine): await engine.transport
            case .closed, .opening, .waitingToReconnect: nil
            }
        }
    }

    /// Reconnection attempts since the last successful connection.
    public var reconnectionAttempts: Int { backoff.attempts }

    /// Closes the connection (after the packets already emitted) without reconnecting; connected sockets see
    /// `forcedClose`. A later `connect()` on a socket opens a new connection.
    public func close() async {
        skipReconnect = true
        reconnectTask?.cancel()
        reconnectTask = nil
        switch state {
        case .open:
            _ = outlet.withLockedValue { $0?.continuation.yield(.close) }
        case .waitingToReconnect:
            state = .closed
            reconnecting = false
            backoff.reset()
            for socket in sockets.values { socket.engineOpenFailed("the manager was closed", willRetry: false) }
        case .closed, .opening:
            break
        }
    }

    /// Closes the connection as if it had been lost (the manager reconnects, if reconnection is on); for tests
    /// and for applications that detect a dead network themselves.
    public func dropConnection() async {
        if case .open(let engine) = state { await engine.close() }
    }

    /// Calls `handler` for every connection event (open, close, reconnection attempts and their outcome).
    @discardableResult
    public func onEvent(_ handler: @escaping @Sendable (SocketIOManagerEvent) -> Void) -> SocketIOHandlerID {
        defer { nextHandlerID += 1 }
        eventHandlers.append((nextHandlerID, handler))
        return SocketIOHandlerID(value: nextHandlerID)
    }

    /// Removes a handler registered with `onEvent`.
    public func off(_ id: SocketIOHandlerID) {
        eventHandlers.removeAll { $0.id == id.value }
    }

    private func notify(_ event: SocketIOManagerEvent) {
        for entry in eventHandlers { entry.handler(event) }
    }

    // MARK: - From sockets

    /// Queues a packet for the connection of `generation`. Callable from any thread; order is kept.
    nonisolated func enqueue(_ packet: SocketIOOutbound, generation: Int) {
        outlet.withLockedValue { outlet in
            guard let outlet, outlet.generation == generation else { return }
            outlet.continuation.yield(.packet(packet))
        }
    }

    func socketWantsConnection(_ socket: SocketIOClientSocket) async {
        skipReconnect = false
        switch state {
        case .open:
            socket.engineOpened(generation: generation)
        case .opening, .waitingToReconnect:
            break
        case .closed:
            await open()
        }
    }

    func socketLeft(_ socket: SocketIOClientSocket) async {
        guard !sockets.values.contains(where: \.active) else { return }
        await close()
    }

    // MARK: - The connection

    private func open() async {
        state = .opening
        let engine: EngineClient
        do {
            engine = try await EngineClient.connect(configuration.engine)
        } catch {
            state = .closed
            let retry = configuration.reconnection && !skipReconnect && hasActiveSockets
                && backoff.attempts < configuration.reconnectionAttempts
            // Manager events first: a socket's final failure resumes `connect()` callers, who may look at them.
            if reconnecting { notify(.reconnectError("\(error)")) }
            if !retry {
                if reconnecting { notify(.reconnectFailed) }
                reconnecting = false
                backoff.reset()
            }
            for socket in sockets.values { socket.engineOpenFailed("\(error)", willRetry: retry) }
            if retry { scheduleReconnect() }
            return
        }
        generation += 1
        state = .open(engine)
        notify(.open)
        if reconnecting { notify(.reconnect(attempts: backoff.attempts)) }
        reconnecting = false
        backoff.reset()
        decoder.reset()
        closeOverride = nil
        let current = generation
        startWriter(engine, generation: current)
        Task { await self.read(engine, generation: current) }
        if skipReconnect || !hasActiveSockets {
            await engine.close()
            return
        }
        for socket in sockets.values { socket.engineOpened(generation: current) }
    }

    private var hasActiveSockets: Bool { sockets.values.contains(where: \.active) }

    private func scheduleReconnect() {
        let delay = backoff.duration()
        state = .waitingToReconnect
        reconnectTask = Task {
            try? await Task.sleep(for: delay)
            await self.reconnectNow()
        }
    }

    private func reconnectNow() async {
        guard case .waitingToReconnect = state else { return }
        reconnectTask = nil
        guard !skipReconnect, hasActiveSockets else {
            state = .closed
            reconnecting = false
            backoff.reset()
            return
        }
        reconnecting = true
        notify(.reconnectAttempt(backoff.attempts))
        await open()
    }

    private func read(_ engine: EngineClient, generation: Int) async {
        for await message in engine.messages {
            guard generation == self.generation, await receive(message, from: engine) else { break }
        }
        let reason = await engine.closed()
        closed(reason, generation: generation)
    }

    /// Decodes and routes one message; `false` after a decoding error (the connection is closing, and messages
    /// still buffered behind the bad one must not reach the sockets).
    private func receive(_ message: EngineClientMessage, from engine: EngineClient) async -> Bool {
        let result: SIODecodeResult<ByteBufferView>
        do {
            switch message {
            case .text(let text): result = try decoder.receive(text: ByteBuffer(string: text).readableBytesView)
            case .binary(let bytes): result = try decoder.receive(binary: ByteBuffer(bytes: bytes).readableBytesView)
            }
        } catch {
            closeOverride = SocketIODisconnectReason.parseError.with("\(error)")
            await engine.close()
            return false
        }
        guard case .packet(let packet) = result, let socket = sockets[packet.namespace] else { return true }
        if socket.received(packet) { await socketLeft(socket) }
        return true
    }

    private func closed(_ engineReason: EngineClientCloseReason, generation: Int) {
        guard generation == self.generation, case .open = state else { return }
        state = .closed
        outlet.withLockedValue { outlet in
            outlet?.continuation.finish()
            outlet = nil
        }
        decoder.reset()
        let reason = closeOverride ?? Self.reason(engineReason)
        closeOverride = nil
        let willReconnect = configuration.reconnection && !skipReconnect && hasActiveSockets
            && backoff.attempts < configuration.reconnectionAttempts
        notify(.close(reason))
        for socket in sockets.values { socket.engineClosed(reason, willReconnect: willReconnect) }
        if willReconnect { scheduleReconnect() }
    }

    private static func reason(_ reason: EngineClientCloseReason) -> SocketIODisconnectReason {
        let mapped: SocketIODisconnectReason =
            switch reason {
            case .pingTimeout: .pingTimeout
            case .transportError: .transportError
            case .parseError: .parseError
            case .forcedClose: .forcedClose
            default: .transportClose
            }
        return mapped.with(reason.detail)
    }

    /// One writer task per connection, ending with it: it owns the order of the connection's packets.
    private func startWriter(_ engine: EngineClient, generation: Int) {
        let (stream, continuation) = AsyncStream.makeStream(of: OutboundItem.self)
        outlet.withLockedValue { $0 = Outlet(generation: generation, continuation: continuation) }
        Task {
            for await item in stream {
                switch item {
                case .packet(let packet):
                    do {
                        try await engine.send(text: packet.textString)
                        for attachment in packet.attachments { try await engine.send(binary: attachment) }
                    } catch {
                        // The connection is closing or its queue is full; the close path reports it to the sockets.
                    }
                case .close:
                    await engine.close()
                }
            }
        }
    }
}

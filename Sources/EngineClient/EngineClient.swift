public import EngineParser
public import NIOCore
import NIOHTTP1
public import NIOPosix
import WSFraming

/// An Engine.IO v4 client session: polling, WebSocket, and the upgrade from one to the other, like the reference
/// engine.io-client.
///
/// `connect` returns once the handshake is done. Messages arrive in order on `messages`, which finishes when the
/// session ends; `closed()` then says why.
public actor EngineClient {
    /// Messages from the server, in order; finishes when the session closes.
    public nonisolated let messages: AsyncStream<EngineClientMessage>
    /// The server's open packet: sid, upgrades, pingInterval, pingTimeout, maxPayload.
    public nonisolated let handshake: EngineHandshake
    /// The configuration this client connected with.
    public nonisolated let configuration: EngineClientConfiguration
    /// The transport in use now.
    public private(set) var transport: EngineClientTransport
    /// Why the session ended, once it has.
    public private(set) var closeReason: EngineClientCloseReason?

    private let continuation: AsyncStream<EngineClientMessage>.Continuation
    private let requester: HTTPRequester
    private let group: any EventLoopGroup
    /// Packets waiting for the transport (for polling: for the next POST).
    private var queue: [EnginePacket<ArraySlice<UInt8>>] = []
    private var pollTask: Task<Void, Never>?
    private var postTask: Task<Void, Never>?
    private var upgradeTask: Task<Void, Never>?
    /// True from the `3probe` until the switch: polling sends and polls nothing more.
    private var pausing = false
    private var webSocket: WebSocketClientConnection?
    /// The WebSocket being probed during an upgrade, closed if the session ends first.
    private var probe: WebSocketClientConnection?
    private var heartbeatTask: Task<Void, Never>?
    private var heartbeatGeneration = 0
    private var closeWaiters: [CheckedContinuation<EngineClientCloseReason, Never>] = []

    /// The session id.
    public nonisolated var sid: String { handshake.sid }

    private init(
        configuration: EngineClientConfiguration, handshake: EngineHandshake, transport: EngineClientTransport,
        requester: HTTPRequester, group: any EventLoopGroup, webSocket: WebSocketClientConnection?
    ) {
        self.configuration = configuration
        self.handshake = handshake
        self.transport = transport
        self.requester = requester
        self.group = group
        self.webSocket = webSocket
        (messages, continuation) = AsyncStream.makeStream(of: EngineClientMessage.self)
    }

    /// Opens a session: the handshake over the first configured transport, then (polling) the long-poll loop and,
    /// when allowed and offered, the upgrade to WebSocket.
    public static func connect(
        _ configuration: EngineClientConfiguration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(EngineClientError) -> EngineClient {
        let requester = HTTPRequester(
            host: configuration.host, port: configuration.port, headers: configuration.headers,
            maxBodyBytes: configuration.maxIncomingBytes, connectTimeout: configuration.connectTimeout, group: group
        )
        guard let first = configuration.transports.first else {
            throw EngineClientError.connectFailed.with("no transports configured")
        }
        if first == .websocket {
            return try await connectWebSocket(configuration, requester: requester, group: group)
        }
        let target = configuration.target(transport: .polling, sid: nil)
        let response = try await requester.send(method: .GET, target: target, body: nil)
        guard response.status == 200 else {
            throw EngineClientError.handshakeFailed.with(
                "GET \(target) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))"
            )
        }
        let packets: [EngineClientInbound]
        do {
            packets = try EngineClientInbound.decodePayload(response.body, maxBytes: configuration.maxIncomingBytes)
        } catch {
            throw EngineClientError.handshakeFailed.with("the open payload does not decode: \(error)")
        }
        guard case .open(let handshake)? = packets.first else {
            throw EngineClientError.handshakeFailed.with("the first packet is not an open packet")
        }
        let client = EngineClient(
            configuration: configuration, handshake: handshake, transport: .polling, requester: requester,
            group: group, webSocket: nil
        )
        await client.startPolling(rest: Array(packets.dropFirst()))
        return client
    }

    private static func connectWebSocket(
        _ configuration: EngineClientConfiguration, requester: HTTPRequester, group: any EventLoopGroup
    ) async throws(EngineClientError) -> EngineClient {
        let target = configuration.target(transport: .websocket, sid: nil)
        let ws = try await WebSocketClientConnection.connect(
            host: configuration.host, port: configuration.port, target: target, headers: configuration.headers,
            maxMessageBytes: configuration.maxIncomingBytes, connectTimeout: configuration.connectTimeout,
            group: group
        )
        var handshake: EngineHandshake?
        var failure = "the connection closed before the open packet"
        for await event in ws.events {
            switch event {
            case .message(let message):
                if case .open(let decoded)? = try? EngineClientInbound.decode(
                    webSocketText: Array(message.payload.readableBytesView)
                ) {
                    handshake = decoded
                } else {
                    failure = "the first message is not an open packet: \(message.text.prefix(100))"
                }
            case .closed(let detail):
                failure = "the connection closed before the open packet: \(detail ?? "clean close")"
            }
            break
        }
        guard let handshake else {
            ws.close()
            throw EngineClientError.handshakeFailed.with(failure)
        }
        let client = EngineClient(
            configuration: configuration, handshake: handshake, transport: .websocket, requester: requester,
            group: group, webSocket: ws
        )
        await client.startWebSocket(ws)
        return client
    }

    /// Sends a text message.
    public func send(text: String) throws(EngineClientError) {
        try enqueue(.text(.message, Array(text.utf8)[...]))
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws(EngineClientError) {
        try enqueue(.binary(binary[...]))
    }

    /// Closes the session: a close packet to the server, then the transport. The reason becomes `forcedClose`.
    public func close() async {
        guard closeReason == nil else { return }
        switch transport {
        case .websocket:
            webSocket?.send(text: "1")
        default:
            pausing = true
            let target = configuration.target(transport: .polling, sid: sid)
            _ = try? await requester.send(method: .POST, target: target, body: Array("1".utf8))
        }
        finish(.forcedClose)
    }

    /// Waits for the session to end and returns why.
    public func closed() async -> EngineClientCloseReason {
        if let closeReason { return closeReason }
        return await withCheckedContinuation { closeWaiters.append($0) }
    }

    // MARK: - Sending

    private func enqueue(_ packet: EnginePacket<ArraySlice<UInt8>>) throws(EngineClientError) {
        guard closeReason == nil else { throw EngineClientError.closed.with("session \(sid): \(closeReason!)") }
        queue.append(packet)
        flush()
    }

    /// Writes queued packets: all of them over a WebSocket, or one payload per POST (one POST in flight).
    private func flush() {
        guard closeReason == nil, !queue.isEmpty else { return }
        if transport == .websocket, let webSocket {
            for packet in queue {
                var out: [UInt8] = []
                switch packet.encodeWebSocket(into: &out) {
                case .text: webSocket.send(text: String(decoding: out, as: UTF8.self))
                default: webSocket.send(binary: out)
                }
            }
            queue.removeAll()
            return
        }
        guard !pausing, postTask == nil else { return }
        var body: [UInt8] = []
        let count = EngineV4PayloadEncoder.encode(queue, maxPayload: handshake.maxPayload, into: &body)
        queue.removeFirst(count)
        postTask = Task { await self.post(body) }
    }

    private func post(_ body: [UInt8]) async {
        let target = configuration.target(transport: .polling, sid: sid)
        do {
            let response = try await requester.send(method: .POST, target: target, body: body)
            guard response.status == 200 else {
                finish(.transportError.with("POST answered \(response.status)"))
                return
            }
        } catch {
            finish(.transportError.with("\(error)"))
        }
        postTask = nil
        flush()
    }

    // MARK: - Receiving

    private func handle(_ packet: EngineClientInbound) {
        guard closeReason == nil else { return }
        switch packet {
        case .open: break
        case .close: finish(.transportClose)
        case .ping(let text):
            resetHeartbeat()
            queue.append(.text(.pong, Array(text.utf8)[...]))
            flush()
        case .message(let message): continuation.yield(message)
        case .ignored: break
        }
    }

    private func startPolling(rest: [EngineClientInbound]) {
        resetHeartbeat()
        for packet in rest { handle(packet) }
        pollTask = Task { await self.pollLoop() }
        if configuration.upgrade, configuration.transports.contains(.websocket),
            handshake.upgrades.contains("websocket")
        {
            upgradeTask = Task { await self.upgrade() }
        }
    }

    /// One GET at a time until the session ends or an upgrade pauses polling.
    private func pollLoop() async {
        let target = configuration.target(transport: .polling, sid: sid)
        while closeReason == nil, transport == .polling, !pausing {
            let response: HTTPRequester.Response
            do {
                response = try await requester.send(method: .GET, target: target, body: nil)
            } catch {
                finish(.transportError.with("\(error)"))
                return
            }
            guard closeReason == nil else { return }
            guard response.status == 200 else {
                finish(.transportError.with("GET answered \(response.status)"))
                return
            }
            do {
                for packet in try EngineClientInbound.decodePayload(
                    response.body, maxBytes: configuration.maxIncomingBytes
                ) {
                    handle(packet)
                }
            } catch {
                finish(.parseError.with("\(error)"))
            }
        }
    }

    private func startWebSocket(_ ws: WebSocketClientConnection) {
        resetHeartbeat()
        upgradeTask = Task { await self.readWebSocket(ws) }
    }

    private func readWebSocket(_ ws: WebSocketClientConnection) async {
        for await event in ws.events {
            guard closeReason == nil else { return }
            switch event {
            case .message(let message):
                if message.kind == .binary {
                    handle(.message(.binary(Array(message.payload.readableBytesView))))
                } else {
                    do {
                        handle(try EngineClientInbound.decode(webSocketText: Array(message.payload.readableBytesView)))
                    } catch {
                        finish(.parseError.with("\(error)"))
                    }
                }
            case .closed(let detail):
                finish(detail.map { .transportError.with($0) } ?? .transportClose)
            }
        }
        finish(.transportClose)
    }

    /// The reference's upgrade: probe a WebSocket with the sid, pause polling once `3probe` arrives (the in-flight
    /// GET and POST finish), send `5`, switch and flush. A failed probe leaves the session on polling.
    private func upgrade() async {
        let target = configuration.target(transport: .websocket, sid: sid)
        guard
            let ws = try? await WebSocketClientConnection.connect(
                host: configuration.host, port: configuration.port, target: target, headers: configuration.headers,
                maxMessageBytes: configuration.maxIncomingBytes, connectTimeout: configuration.connectTimeout,
                group: group
            )
        else { return }
        guard closeReason == nil else {
            ws.close()
            return
        }
        probe = ws
        ws.send(text: "2probe")
        var probed = false
        for await event in ws.events {
            if case .message(let message) = event, message.kind == .text, message.text == "3probe" { probed = true }
            break
        }
        guard probed, closeReason == nil else {
            probe = nil
            ws.close()
            return
        }
        pausing = true
        await pollTask?.value
        while let post = postTask { await post.value }
        probe = nil
        guard closeReason == nil else {
            ws.close()
            return
        }
        ws.send(text: "5")
        webSocket = ws
        transport = .websocket
        pausing = false
        flush()
        await readWebSocket(ws)
    }

    // MARK: - Heartbeat and closing

    /// Restarts the ping deadline: pingInterval + pingTimeout from now.
    private func resetHeartbeat() {
        heartbeatGeneration += 1
        let generation = heartbeatGeneration
        heartbeatTask?.cancel()
        let delay = Duration.milliseconds(handshake.pingInterval + handshake.pingTimeout)
        heartbeatTask = Task {
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            self.heartbeatExpired(generation)
        }
    }

    private func heartbeatExpired(_ generation: Int) {
        guard generation == heartbeatGeneration else { return }
        finish(.pingTimeout)
    }

    /// Ends the session once: finishes `messages`, wakes `closed()` waiters, closes any WebSocket.
    private func finish(_ reason: EngineClientCloseReason) {
        guard closeReason == nil else { return }
        closeReason = reason
        heartbeatTask?.cancel()
        continuation.finish()
        webSocket?.close()
        probe?.close()
        probe = nil
        queue.removeAll()
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume(returning: reason) }
    }
}

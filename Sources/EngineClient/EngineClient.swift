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
    public var transport: EngineClientTransport { machine.transport }
    /// Why the session ended, once it has.
    public var closeReason: EngineClientCloseReason? { machine.closeReason }

    private let continuation: AsyncStream<EngineClientMessage>.Continuation
    private let requester: HTTPRequester
    private let group: any EventLoopGroup
    /// The protocol logic; this actor performs its actions.
    private var machine: EngineClientStateMachine
    private var readerTask: Task<Void, Never>?
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
        machine = EngineClientStateMachine(
            transport: transport, maxPayload: handshake.maxPayload, maxQueuedBytes: configuration.maxQueuedBytes
        )
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
        let deadline = configuration.connectTimeout
        let result = await withTaskGroup(of: Result<EngineClient, EngineClientError>?.self) { tasks in
            tasks.addTask {
                do throws(EngineClientError) {
                    return .success(try await handshake(configuration, group: group))
                } catch {
                    return .failure(error)
                }
            }
            tasks.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await tasks.next() ?? nil
            tasks.cancelAll()
            return first
        }
        guard let result else {
            throw EngineClientError.timeout.with(
                "no handshake from \(configuration.host):\(configuration.port) within \(deadline)"
            )
        }
        return try result.get()
    }

    /// The handshake itself; `connect` bounds it by `connectTimeout`.
    private static func handshake(
        _ configuration: EngineClientConfiguration, group: any EventLoopGroup
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
        await client.start(rest: Array(packets.dropFirst()), webSocket: nil)
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
        await client.start(rest: [], webSocket: ws)
        return client
    }

    /// Sends a text message.
    public func send(text: String) throws(EngineClientError) {
        perform(try machine.send(.text(text)))
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws(EngineClientError) {
        perform(try machine.send(.binary(binary)))
    }

    /// Closes the session: a close packet to the server, then the transport. The reason becomes `forcedClose`
    /// (recorded first, so the server's reaction to the close packet cannot be mistaken for a transport close).
    public func close() async {
        guard machine.closeReason == nil else { return }
        let wasPolling = machine.transport == .polling
        if !wasPolling { webSocket?.send(text: "1") }
        perform(machine.close(.forcedClose))
        if wasPolling {
            let target = configuration.target(transport: .polling, sid: sid)
            _ = try? await requester.send(method: .POST, target: target, body: Array("1".utf8))
        }
    }

    /// Waits for the session to end and returns why.
    public func closed() async -> EngineClientCloseReason {
        if let closeReason = machine.closeReason { return closeReason }
        return await withCheckedContinuation { closeWaiters.append($0) }
    }

    // MARK: - Performing the machine's actions

    private func perform(_ actions: [EngineClientStateMachine.Action]) {
        for action in actions {
            switch action {
            case .startGet: Task { await self.poll() }
            case .startPost(let body): Task { await self.post(body) }
            case .webSocketText(let text): webSocket?.send(text: text)
            case .webSocketBinary(let bytes): webSocket?.send(binary: bytes)
            case .deliver(let message): continuation.yield(message)
            case .resetHeartbeat: resetHeartbeat()
            case .completeUpgrade:
                probe?.send(text: "5")
                webSocket = probe
                probe = nil
            case .dropProbe:
                probe?.close()
                probe = nil
            case .close(let reason): finish(reason)
            }
        }
    }

    private func start(rest: [EngineClientInbound], webSocket ws: WebSocketClientConnection?) {
        perform(machine.opened())
        for packet in rest { perform(machine.received(packet)) }
        if let ws {
            readerTask = Task { await self.readWebSocket(ws) }
        } else if configuration.upgrade, configuration.transports.contains(.websocket),
            handshake.upgrades.contains("websocket"), machine.startProbe()
        {
            readerTask = Task { await self.upgrade() }
        }
    }

    /// One long-poll GET; the machine decides whether another follows.
    private func poll() async {
        let target = configuration.target(transport: .polling, sid: sid)
        let response: HTTPRequester.Response
        do {
            response = try await requester.send(method: .GET, target: target, body: nil)
        } catch {
            perform(machine.requestFailed("\(error)"))
            return
        }
        guard response.status == 200 else {
            perform(machine.requestFailed("GET answered \(response.status)"))
            return
        }
        do {
            let packets = try EngineClientInbound.decodePayload(
                response.body, maxBytes: configuration.maxIncomingBytes
            )
            for packet in packets { perform(machine.received(packet)) }
        } catch {
            perform(machine.parseFailed("\(error)"))
        }
        perform(machine.getSucceeded())
    }

    private func post(_ body: [UInt8]) async {
        let target = configuration.target(transport: .polling, sid: sid)
        do {
            let response = try await requester.send(method: .POST, target: target, body: body)
            guard response.status == 200 else {
                perform(machine.requestFailed("POST answered \(response.status)"))
                return
            }
        } catch {
            perform(machine.requestFailed("\(error)"))
            return
        }
        perform(machine.postSucceeded())
    }

    /// Feeds the WebSocket's messages to the machine until it ends.
    private func readWebSocket(_ ws: WebSocketClientConnection) async {
        for await event in ws.events {
            switch event {
            case .message(let message):
                if message.kind == .binary {
                    perform(machine.received(.message(.binary(Array(message.payload.readableBytesView)))))
                } else {
                    do {
                        let packet = try EngineClientInbound.decode(
                            webSocketText: Array(message.payload.readableBytesView)
                        )
                        perform(machine.received(packet))
                    } catch {
                        perform(machine.parseFailed("\(error)"))
                    }
                }
            case .closed(let detail):
                perform(machine.webSocketClosed(detail))
                return
            }
        }
        perform(machine.webSocketClosed(nil))
    }

    /// The reference's upgrade: a WebSocket with the sid sends `2probe`; on `3probe` the machine pauses polling and
    /// switches once the in-flight GET and POST are done. A failed probe leaves the session on polling.
    private func upgrade() async {
        let target = configuration.target(transport: .websocket, sid: sid)
        let ws: WebSocketClientConnection
        do {
            ws = try await WebSocketClientConnection.connect(
                host: configuration.host, port: configuration.port, target: target, headers: configuration.headers,
                maxMessageBytes: configuration.maxIncomingBytes, connectTimeout: configuration.connectTimeout,
                group: group
            )
        } catch {
            perform(machine.probeFailed())
            return
        }
        guard machine.closeReason == nil else {
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
        guard probed else {
            perform(machine.probeFailed())
            return
        }
        perform(machine.probeSucceeded())
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
        perform(machine.heartbeatExpired())
    }

    /// Ends the session (the machine already recorded why): finishes `messages`, wakes `closed()` waiters, closes
    /// any WebSocket.
    private func finish(_ reason: EngineClientCloseReason) {
        heartbeatTask?.cancel()
        continuation.finish()
        webSocket?.close()
        probe?.close()
        probe = nil
        let waiters = closeWaiters
        closeWaiters.removeAll()
        for waiter in waiters { waiter.resume(returning: reason) }
    }
}

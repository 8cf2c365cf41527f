public import EngineClient
public import SIOParser
public import SIOParserNIO
public import SocketIOClient
import Synchronization

/// The transports a `SocketIOTestClient` can use (`.websocket`, `.polling`): the client's `EngineClientTransport`.
public typealias ClientTransport = EngineClientTransport

/// A client for application tests (midway's `createSocketIOClient`): connects one namespace of a running server,
/// sends events with or without an acknowledgement, and keeps every event it receives so none is lost between
/// `connect` and the moment a test asks for it.
///
/// ```swift
/// let client = try await SocketIOTestClient.connect(port: port, namespace: "/chat", query: ["room": "a"],
///                                                   auth: ["token": "secret"])
/// defer { Task { await client.close() } }
/// let welcome = try await client.next("welcome")          // arrived at connect, kept until asked for
/// try await client.send("message", Chat(text: "hi"))
/// let receipt = try await client.sendWithAck("message", Chat(text: "hi"), as: Receipt.self)
/// for await arguments in client.on("message:reply") { ... } // replays what arrived before, then live
/// await client.close()
/// ```
///
/// - Buffering: from the moment the namespace connects, every event is kept by name (the newest
///   `eventBufferLimit`, default 1 000, per name; older ones are dropped and counted by `droppedEvents(_:)`).
///   `next` returns them in order, each once; `on` replays every kept event, then the new ones.
/// - Failures are quick and clear: no reconnection by default, a connect timeout, CONNECT_ERROR as
///   `SocketIOClientError.connectError` with the server's message and data, timeouts that name the event, and
///   `disconnected` as soon as the connection is gone.
/// - Incoming acknowledgement requests are not answered; register a handler on `socket` for that.
public final class SocketIOTestClient: Sendable {
    /// The connection (`SocketIOClient`), for what this type does not cover.
    public let manager: SocketIOManager
    /// The namespace socket (`SocketIOClient`): answer the server's ack requests with `socket.on(...)`.
    public let socket: SocketIOClientSocket
    /// The namespace this client connected.
    public var namespace: String { socket.namespace }

    let inbox: TestClientInbox
    private let closing = Mutex(false)

    private init(manager: SocketIOManager, socket: SocketIOClientSocket, inbox: TestClientInbox) {
        self.manager = manager
        self.socket = socket
        self.inbox = inbox
    }

    /// Connects `namespace` at `host:port` and returns once the server accepted it.
    ///
    /// `query` goes into the handshake's query string and `auth` into the CONNECT packet. The default transport
    /// is WebSocket alone. Throws the client's `SocketIOClientError`: `connectError` when the server refused the
    /// namespace (its `message` and `data` are the server's CONNECT_ERROR), `timeout` when there is no answer
    /// within `timeout`, `connectionFailed` when the connection cannot be opened. Nothing is retried unless
    /// `options.reconnection` is set.
    public static func connect(
        host: String = "127.0.0.1", port: Int, namespace: String = "/", path: String = "/socket.io/",
        query: [String: String] = [:], auth: JSONValue? = nil, transports: [ClientTransport]? = nil,
        timeout: Duration = .seconds(10), options: SocketIOTestClientOptions = .init()
    ) async throws(SocketIOClientError) -> SocketIOTestClient {
        var configuration = SocketIOClientConfiguration(host: host, port: port)
        configuration.path = path
        configuration.transports = transports ?? [.websocket]
        configuration.upgrade = options.upgrade
        // Sorted, so the handshake URL is the same on every run.
        configuration.query = query.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        configuration.headers = options.headers
        configuration.reconnection = options.reconnection
        configuration.timeout = timeout
        configuration.maxBufferedEmits = max(options.eventBufferLimit, 1)
        let manager = SocketIOManager(configuration: configuration)
        let socket = await manager.socket(namespace: namespace, auth: auth)
        let inbox = TestClientInbox(limit: options.eventBufferLimit, maxNames: options.maxEventNames)
        // Registered before CONNECT: events that arrive with the CONNECT answer reach the inbox first.
        socket.onAny { name, arguments in inbox.received(name, arguments) }
        socket.onDisconnect { [weak socket] reason in
            // With reconnection on, a socket that is still active comes back; only a final loss ends the inbox.
            guard socket?.active != true else { return }
            inbox.end(.disconnected.with(event: nil, "the socket disconnected: \(reason)"))
        }
        do {
            try await socket.connect()
        } catch {
            await socket.disconnect()
            await manager.close()
            throw error
        }
        return SocketIOTestClient(manager: manager, socket: socket, inbox: inbox)
    }

    /// A client dropped without `close()` still leaves the namespace and closes its connection.
    deinit {
        guard !closing.withLock({ $0 }) else { return }
        let (socket, manager) = (socket, manager)
        Task {
            await socket.disconnect()
            await manager.close()
        }
    }

    // MARK: - State

    /// The socket id the server gave, while connected.
    public var id: String? { socket.id }

    /// Whether the namespace is not connected (closed, or disconnected by the server or the network).
    public var disconnected: Bool { !socket.connected }

    /// How many events named `event` were dropped because more than `eventBufferLimit` were kept.
    public func droppedEvents(_ event: String) -> Int { inbox.dropped(event) }

    /// How many events were dropped in all (full logs, and names past `maxEventNames`).
    public var droppedEventsTotal: Int { inbox.droppedTotal }

    /// The kept events named `event`, oldest first (read or not): what `on(event)` would replay now.
    public func received(_ event: String) -> [SIOArguments] { inbox.retained(event) }

    // MARK: - Sending

    /// Emits `event` with Codable arguments (`[UInt8]` travels as a binary attachment).
    ///
    /// Throws `closed` after `close()`, `disconnected` when the connection is gone, `encodingFailed`.
    public func send<each T: Encodable & Sendable>(
        _ event: String, _ arguments: repeat each T
    ) async throws(SocketIOTestClientError) {
        try checkOpen(event)
        do {
            try socket.emit(event, repeat each arguments)
        } catch {
            throw .from(error, event: event)
        }
    }

    /// Emits `event` and returns the arguments of the server's acknowledgement.
    ///
    /// Throws `timeout` (naming the event) when no answer comes within `timeout`, `disconnected` when the
    /// connection goes first, `closed`, `encodingFailed`.
    public func sendWithAck<each T: Encodable & Sendable>(
        _ event: String, _ arguments: repeat each T, timeout: Duration = .seconds(10)
    ) async throws(SocketIOTestClientError) -> SIOArguments {
        try checkOpen(event)
        do {
            return try await socket.emitWithAck(event, repeat each arguments, timeout: timeout)
        } catch {
            throw .from(error, event: event)
        }
    }

    /// `sendWithAck`, the acknowledgement's first argument decoded as `R` (`decodingFailed` when it does not).
    public func sendWithAck<R: Decodable, each T: Encodable & Sendable>(
        _ event: String, _ arguments: repeat each T, as type: R.Type, timeout: Duration = .seconds(10)
    ) async throws(SocketIOTestClientError) -> R {
        let answer = try await sendWithAck(event, repeat each arguments, timeout: timeout)
        do {
            return try answer.decode(R.self, at: 0)
        } catch {
            throw .decodingFailed.with(
                event: event, "the acknowledgement of \"\(event)\" does not decode as \(R.self): \(error)")
        }
    }

    private func checkOpen(_ event: String) throws(SocketIOTestClientError) {
        if closing.withLock({ $0 }) { throw .closed.with(event: event, "close() was called") }
        if let ended = inbox.ended { throw ended.with(event: event, ended.detail) }
    }

    // MARK: - Receiving

    /// The events named `event`: first every kept one (including those that arrived before this call, and those
    /// `next` returned), then each new one. The stream finishes when the connection ends, and keeps at most
    /// `eventBufferLimit` unread events itself (the newest).
    public func on(_ event: String) -> AsyncStream<SIOArguments> {
        inbox.stream(event)
    }

    /// The next event named `event` that `next` has not returned yet (one that arrived earlier counts), waiting
    /// up to `timeout`. Throws `timeout` naming the event, or `disconnected` / `closed` once the connection is
    /// over and no unread event is left.
    public func next(_ event: String, timeout: Duration = .seconds(10)) async throws(SocketIOTestClientError)
        -> SIOArguments
    {
        try await inbox.next(event, timeout: timeout).get()
    }

    /// `next`, the event's first argument decoded as `R` (`decodingFailed` when it does not).
    public func next<R: Decodable>(
        _ event: String, as type: R.Type, timeout: Duration = .seconds(10)
    ) async throws(SocketIOTestClientError) -> R {
        let arguments = try await next(event, timeout: timeout)
        do {
            return try arguments.decode(R.self, at: 0)
        } catch {
            throw .decodingFailed.with(event: event, "the \"\(event)\" event does not decode as \(R.self): \(error)")
        }
    }

    // MARK: - Closing

    /// Leaves the namespace and closes the connection. Safe to call more than once; later sends throw `closed`.
    public func close() async {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        inbox.end(.closed.with(event: nil, "close() was called"))
        await socket.disconnect()
        await manager.close()
    }
}

public import Adapters
public import NIOCore
public import SIOParser
import SIOParserNIO
import Synchronization
public import Transports
import Logging

/// A client connected to one namespace (the reference's server-side `Socket`).
///
/// Its state lives on the event loop of its Engine.IO connection: handlers run there, in arrival order. Methods
/// are callable from any thread or task; those that touch the connection hop to the loop when needed.
public final class Socket: @unchecked Sendable {
    /// Where the socket is in its life.
    enum State {
        /// Connected to the namespace; `connection` handlers not finished yet, incoming packets wait.
        case opening([SIOPacket<ByteBufferView>])
        /// Connected; packets are dispatched as they come.
        case open
        /// Gone; nothing is dispatched or sent any more.
        case closed
    }

    /// The socket's id: unique per namespace connection, not the Engine.IO session id.
    public let id: SocketID
    /// The namespace the socket is connected to.
    public let namespace: Namespace
    /// The Engine.IO connection the socket rides on.
    let connection: SocketIOConnection
    /// The auth payload of the CONNECT packet.
    let auth: JSONValue
    /// When the socket connected, in milliseconds since 1970.
    let issued: Int64
    /// The private session id for connection state recovery (nil when recovery is off).
    let pid: PrivateSessionID?
    /// Whether the session was restored by connection state recovery.
    public let recovered: Bool

    /// Loop-confined state.
    var state: State = .opening([])
    /// Handlers, listeners and pending acknowledgements: allocated when first needed, so an idle socket whose
    /// handlers are namespace-wide carries none of it.
    var extras: SocketExtras?
    /// Rooms joined besides the socket's own id, kept here only for an adapter that cannot answer synchronously
    /// (the in-memory adapter is the source of truth otherwise, so nothing is stored twice).
    let joined = Mutex<Set<Room>>([])
    /// Set (under `joined`'s lock) once the socket left: it is in no room and joins none (the reference's
    /// `join = noop` after cleanup), so a late `join` cannot leave it in the adapter forever.
    let leftRooms = Atomic<Bool>(false)
    /// User data (`socket.data`), shared with `fetchSockets` callers.
    let storedData: Mutex<JSONValue>

    /// A socket of `namespace` over `connection`.
    init(
        id: SocketID, namespace: Namespace, connection: SocketIOConnection, auth: JSONValue, pid: PrivateSessionID?,
        recovered: Bool, data: JSONValue = .null, rooms: Set<Room> = []
    ) {
        self.id = id
        self.namespace = namespace
        self.connection = connection
        self.auth = auth
        self.pid = pid
        self.recovered = recovered
        issued = SocketHandshake.nowMilliseconds()
        storedData = Mutex(data)
        if !(namespace.adapter is SynchronousBroadcastAdapter) { joined.withLock { $0 = rooms.subtracting([id]) } }
    }

    /// The event loop the socket's state lives on.
    public var eventLoop: any EventLoop { connection.session.eventLoop }

    /// The server the socket belongs to.
    public var server: SocketIOServer { namespace.server }

    /// Whether the socket is connected (not yet disconnected).
    public var connected: Bool {
        guard eventLoop.inEventLoop else { return !connection.session.isClosed && isListed }
        if case .closed = state { return false }
        return true
    }

    /// Whether the namespace still lists the socket (readable from any thread).
    var isListed: Bool { namespace.socket(id: id) === self }

    /// The Engine.IO connection's session.
    public var engineSession: EngineSession { connection.session }

    /// The details of the handshake, rebuilt on each access from the connection's compact request.
    public var handshake: SocketHandshake {
        SocketHandshake(request: connection.session.request, auth: auth, issued: issued)
    }

    /// User data, for the application's own state about this client; readable by `fetchSockets`.
    public var data: JSONValue {
        get { storedData.withLock { $0 } }
        set { storedData.withLock { $0 = newValue } }
    }

    /// The rooms the socket is in, its own id included; empty once it has left.
    public var rooms: Set<Room> {
        guard !leftRooms.load(ordering: .acquiring) else { return [] }
        if let adapter = namespace.adapter as? SynchronousBroadcastAdapter {
            return adapter.roomsNow(of: id) ?? [id]
        }
        var rooms = joined.withLock { $0 }
        rooms.insert(id)
        return rooms
    }

    /// Runs `body` on the socket's loop (now when already there).
    func onLoop(_ body: @escaping @Sendable () -> Void) {
        if eventLoop.inEventLoop {
            body()
        } else {
            eventLoop.execute(body)
        }
    }

    /// Raises the socket's error event: calls its `onError` handlers (or logs the error when there are none); for
    /// layers above the server, such as an application's packet pipeline.
    public func reportError(_ error: any Error) {
        onLoop { [self] in
            guard !errorHandlers.isEmpty else {
                namespace.server.logger.debug(
                    "socket error", metadata: ["socket": "\(id)", "namespace": "\(namespace.name)", "error": "\(error)"])
                return
            }
            for handler in errorHandlers { handler(self, error) }
        }
    }
}

/// The per-socket state most sockets never need.
final class SocketExtras {
    var handlers: [SocketEventHandler] = []
    var anyListeners: [SocketAnyListener] = []
    var anyOutgoingListeners: [SocketAnyListener] = []
    var packetMiddlewares: [SocketPacketMiddleware] = []
    var disconnectingHandlers: [@Sendable (Socket, DisconnectReason) -> Void] = []
    var disconnectHandlers: [@Sendable (Socket, DisconnectReason) -> Void] = []
    var errorHandlers: [@Sendable (Socket, any Error) -> Void] = []
    var pendingAcks: [UInt64: PendingAck] = [:]
    var middlewareBacklog: [SIOPacket<ByteBufferView>]?
}

extension Socket {
    /// The extras, created on first use (loop-confined).
    func ensureExtras() -> SocketExtras {
        if let extras { return extras }
        let created = SocketExtras()
        extras = created
        return created
    }

    /// Handlers registered on this socket only (namespace-wide handlers live on the namespace).
    var handlers: [SocketEventHandler] {
        get { extras?.handlers ?? [] }
        _modify { yield &ensureExtras().handlers }
    }
    /// `onAny` listeners.
    var anyListeners: [SocketAnyListener] {
        get { extras?.anyListeners ?? [] }
        _modify { yield &ensureExtras().anyListeners }
    }
    /// `onAnyOutgoing` listeners.
    var anyOutgoingListeners: [SocketAnyListener] {
        get { extras?.anyOutgoingListeners ?? [] }
        _modify { yield &ensureExtras().anyOutgoingListeners }
    }
    /// Packet middleware, in registration order.
    var packetMiddlewares: [SocketPacketMiddleware] {
        get { extras?.packetMiddlewares ?? [] }
        _modify { yield &ensureExtras().packetMiddlewares }
    }
    /// `disconnecting` handlers of this socket.
    var disconnectingHandlers: [@Sendable (Socket, DisconnectReason) -> Void] {
        get { extras?.disconnectingHandlers ?? [] }
        _modify { yield &ensureExtras().disconnectingHandlers }
    }
    /// `disconnect` handlers of this socket.
    var disconnectHandlers: [@Sendable (Socket, DisconnectReason) -> Void] {
        get { extras?.disconnectHandlers ?? [] }
        _modify { yield &ensureExtras().disconnectHandlers }
    }
    /// `error` handlers of this socket.
    var errorHandlers: [@Sendable (Socket, any Error) -> Void] {
        get { extras?.errorHandlers ?? [] }
        _modify { yield &ensureExtras().errorHandlers }
    }
    /// Acknowledgements the socket is waiting for, by id.
    var pendingAcks: [UInt64: PendingAck] {
        get { extras?.pendingAcks ?? [:] }
        _modify { yield &ensureExtras().pendingAcks }
    }
    /// While packet middleware runs for one event, the events that arrived after it (nil when none is running).
    var middlewareBacklog: [SIOPacket<ByteBufferView>]? {
        get { extras?.middlewareBacklog }
        _modify { yield &ensureExtras().middlewareBacklog }
    }
}

/// An acknowledgement the socket waits for.
struct PendingAck {
    /// Called once with the answer, or with an error (timeout, disconnection).
    let callback: @Sendable (Result<SIOArguments, SocketIOError>) -> Void
    /// The timeout, if any.
    let timer: Scheduled<Void>?
}

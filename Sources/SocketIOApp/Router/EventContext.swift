public import Adapters
public import Logging
public import SIOParserNIO
public import SocketIO

/// What a controller sees: one event of one socket (or a system event: `disconnecting`, `disconnect`, `error`).
public final class EventContext: Sendable {
    /// The socket.
    public let socket: Socket
    /// The application.
    public let app: SocketIOApplication
    /// The event's name; for system events `disconnecting`, `disconnect` or `error`.
    public let event: String
    /// The event's arguments, decoded lazily (empty for system events).
    public let arguments: SIOArguments
    /// Whether the client asked for an acknowledgement.
    public let wantsAck: Bool
    /// The socket's session, nil when sessions are off.
    public let session: Session?
    /// A logger with the namespace, the socket id and the event as metadata.
    public let logger: Logger
    /// Why the socket left (system events `disconnecting` and `disconnect`).
    public let disconnectReason: DisconnectReason?
    /// The error (system event `error`).
    public let error: (any Error)?
    /// The rooms taken when the event started, for `disconnecting` (the socket has left them by the time an
    /// async handler runs).
    private let roomsSnapshot: Set<Room>?

    init(
        socket: Socket, app: SocketIOApplication, event: String, arguments: SIOArguments, wantsAck: Bool,
        session: Session?, logger: Logger, disconnectReason: DisconnectReason? = nil, error: (any Error)? = nil,
        rooms: Set<Room>? = nil
    ) {
        self.socket = socket
        self.app = app
        self.event = event
        self.arguments = arguments
        self.wantsAck = wantsAck
        self.session = session
        self.logger = logger
        self.disconnectReason = disconnectReason
        self.error = error
        self.roomsSnapshot = rooms
    }

    /// The server.
    public var io: SocketIOServer { socket.server }
    /// The socket's namespace.
    public var namespace: Namespace { socket.namespace }
    /// The application's services.
    public var services: AppServices { app.services }
    /// The socket's rooms: for `disconnecting`, those it was in when it started leaving; otherwise its current ones.
    public var rooms: Set<Room> { roomsSnapshot ?? socket.rooms }

    /// Decodes argument `index` as `T` (a missing one decodes as JavaScript's `undefined`: nil for an optional).
    public func argument<T: Decodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try arguments.decode(T.self, at: index)
    }
}

public import Logging
public import SIOParserNIO
public import SocketIO

/// What a packet middleware sees: one incoming event of a socket.
public final class PacketContext: Sendable {
    /// The socket the event arrived on.
    public let socket: Socket
    /// The application.
    public let app: SocketIOApplication
    /// The event's name.
    public let event: String
    /// The event's arguments, decoded lazily.
    public let arguments: SIOArguments
    /// Whether the client asked for an acknowledgement.
    public let wantsAck: Bool
    /// The socket's session, nil when sessions are off.
    public let session: Session?
    /// A logger with the namespace, the socket id and the event as metadata.
    public let logger: Logger

    init(
        socket: Socket, app: SocketIOApplication, event: String, arguments: SIOArguments, wantsAck: Bool,
        session: Session?, logger: Logger
    ) {
        self.socket = socket
        self.app = app
        self.event = event
        self.arguments = arguments
        self.wantsAck = wantsAck
        self.session = session
        self.logger = logger
    }

    /// The application's services.
    public var services: AppServices { app.services }

    /// Decodes argument `index` as `T` (a missing one decodes as JavaScript's `undefined`: nil for an optional).
    public func argument<T: Decodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try arguments.decode(T.self, at: index)
    }
}

public import Logging
public import SIOParser
public import SocketIO

/// What a connection middleware sees: the socket being connected, its session and the application.
public final class ConnectionContext: Sendable {
    /// The socket (not yet connected until the innermost `next()`).
    public let socket: Socket
    /// The application.
    public let app: SocketIOApplication
    /// The handshake's session, nil when sessions are off.
    public let session: Session?
    /// A logger with the namespace and the socket id as metadata.
    public let logger: Logger

    init(socket: Socket, app: SocketIOApplication, session: Session?, logger: Logger) {
        self.socket = socket
        self.app = app
        self.session = session
        self.logger = logger
    }

    /// The server.
    public var io: SocketIOServer { socket.server }
    /// The application's services.
    public var services: AppServices { app.services }
    /// The handshake: headers, query, auth, address.
    public var handshake: SocketHandshake { socket.handshake }
    /// A query parameter of the handshake.
    public func query(_ name: String) -> String? { handshake.query[name] }
    /// The auth payload the client sent with CONNECT (`{}` when none).
    public var auth: JSONValue { handshake.auth }
}

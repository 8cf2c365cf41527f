/// Something that happened to a manager's connection, as the reference `Manager`'s events.
public enum SocketIOManagerEvent: Sendable, Hashable {
    /// A connection opened (the first one or a reconnection).
    case open
    /// The connection closed, with the reason the sockets see.
    case close(SocketIODisconnectReason)
    /// A reconnection attempt starts; the number counts from 1.
    case reconnectAttempt(Int)
    /// A reconnection succeeded after this many attempts.
    case reconnect(attempts: Int)
    /// A reconnection attempt failed.
    case reconnectError(String)
    /// `reconnectionAttempts` attempts failed; the manager stops trying.
    case reconnectFailed
}

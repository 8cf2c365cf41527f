/// A controller: made afresh for each event it handles (request-scoped), from that event's context.
public protocol SocketController: Sendable {
    /// A controller for one event.
    init(context: EventContext)
}

/// The lifecycle events a namespace can route besides client events.
public enum SystemEvent: Sendable, Hashable {
    /// The socket was accepted; runs before any of its events (in the socket's serial order).
    case connection
    /// The socket is leaving; `EventContext.rooms` still lists its rooms.
    case disconnecting
    /// The socket left.
    case disconnect
    /// An error about the socket: a failing handler, a refused packet, an undecodable argument.
    case error

    /// The event name an `EventContext` carries.
    var name: String {
        switch self {
        case .connection: "connection"
        case .disconnecting: "disconnecting"
        case .disconnect: "disconnect"
        case .error: "error"
        }
    }
}

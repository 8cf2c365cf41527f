public import Adapters
public import SIOParser

/// A socket found by `fetchSockets`, on this node or another: its details at fetch time, and actions that reach it
/// wherever it is (through the adapter).
public struct RemoteSocket: Sendable {
    /// The namespace the socket is connected to.
    public let namespace: Namespace
    /// The socket's id.
    public let id: SocketID
    /// The handshake, as JSON.
    public let handshake: JSONValue
    /// The rooms at fetch time, its own id included.
    public let rooms: Set<Room>
    /// The user data at fetch time.
    public let data: JSONValue
    /// The socket itself when it is on this node.
    public let local: Socket?

    init(namespace: Namespace, details: SocketDetails, local: Socket? = nil) {
        self.namespace = namespace
        id = details.id
        handshake = details.handshake
        rooms = details.rooms
        data = details.data
        self.local = local
    }

    /// Emits to this socket only.
    public func emit<each T: Encodable>(_ event: String, _ values: repeat each T) throws {
        try namespace.to(id).emit(event, repeat each values)
    }

    /// Makes the socket join `rooms`.
    public func join(_ rooms: Room...) async {
        await namespace.adapter.addSockets(BroadcastOptions(rooms: [id]), rooms: Set(rooms))
    }

    /// Makes the socket leave `rooms`.
    public func leave(_ rooms: Room...) async {
        await namespace.adapter.deleteSockets(BroadcastOptions(rooms: [id]), rooms: Set(rooms))
    }

    /// Disconnects the socket; `close` also closes its connection.
    public func disconnect(close: Bool = false) async {
        await namespace.adapter.disconnectSockets(BroadcastOptions(rooms: [id]), close: close)
    }
}

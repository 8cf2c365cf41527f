public import SIOParser

/// A local socket as an adapter sees it: what fetch, join, leave and disconnect of matching sockets need.
///
/// The server implements it, so the Adapters module never depends on the server module.
public protocol AdapterSocket: AnyObject, Sendable {
    /// The socket's id.
    var id: SocketID { get }
    /// The socket's details as they would travel to another node.
    func details() async -> SocketDetails
    /// Joins rooms (the socket's own bookkeeping, then the adapter's).
    func join(_ rooms: Set<Room>) async
    /// Leaves rooms.
    func leave(_ rooms: Set<Room>) async
    /// Disconnects the socket from its namespace; `close` also closes the underlying connection.
    func disconnect(close: Bool) async
}

/// A socket's id, handshake, rooms and user data, as `fetchSockets` returns them from any node.
public struct SocketDetails: Sendable {
    /// The socket's id.
    public var id: SocketID
    /// The handshake as JSON (`headers`, `time`, `address`, `xdomain`, `secure`, `issued`, `url`, `query`, `auth`).
    public var handshake: JSONValue
    /// The rooms the socket is in, its own id included.
    public var rooms: Set<Room>
    /// The socket's user data (`socket.data`).
    public var data: JSONValue

    /// Details from their parts.
    public init(id: SocketID, handshake: JSONValue, rooms: Set<Room>, data: JSONValue) {
        self.id = id
        self.handshake = handshake
        self.rooms = rooms
        self.data = data
    }
}

/// A socket found by `fetchSockets`: a local one the server can act on directly, or another node's.
public enum FetchedSocket: Sendable {
    /// A socket of this node.
    case local(any AdapterSocket)
    /// A socket of another node, by its details (acting on it goes through the adapter).
    case remote(SocketDetails)
}

public import SIOParser

/// What connection state recovery keeps of a socket that disconnected (the reference's `SessionToPersist`).
public struct PersistedSession: Sendable {
    /// The socket's id, which the recovered socket keeps.
    public var id: SocketID
    /// The private session id the client presents to recover.
    public var pid: PrivateSessionID
    /// The rooms the socket was in.
    public var rooms: Set<Room>
    /// The socket's user data.
    public var data: JSONValue

    /// A session from its parts.
    public init(id: SocketID, pid: PrivateSessionID, rooms: Set<Room>, data: JSONValue) {
        self.id = id
        self.pid = pid
        self.rooms = rooms
        self.data = data
    }
}

/// A session restored by `restoreSession`: what was persisted, plus the packets the client missed, in order.
public struct RestoredSession: Sendable {
    /// The persisted state.
    public var session: PersistedSession
    /// Broadcast packets sent to the session's rooms after the client's offset (each ends with its own offset).
    public var missedPackets: [BroadcastPacket]

    /// A restored session from its parts.
    public init(session: PersistedSession, missedPackets: [BroadcastPacket]) {
        self.session = session
        self.missedPackets = missedPackets
    }
}

/// Why a socket left its namespace; the strings are the reference server's.
public struct DisconnectReason: Hashable, Sendable, CustomStringConvertible {
    /// The reason as the reference spells it.
    public let description: String

    private init(_ description: String) { self.description = description }

    /// The server called `disconnect()` on the socket.
    public static let serverNamespaceDisconnect = DisconnectReason("server namespace disconnect")
    /// The client sent a DISCONNECT for the namespace.
    public static let clientNamespaceDisconnect = DisconnectReason("client namespace disconnect")
    /// The server is shutting down.
    public static let serverShuttingDown = DisconnectReason("server shutting down")
    /// The client did not answer a ping in time.
    public static let pingTimeout = DisconnectReason("ping timeout")
    /// The connection was closed (the client closed it or the network went away).
    public static let transportClose = DisconnectReason("transport close")
    /// The connection failed.
    public static let transportError = DisconnectReason("transport error")
    /// The client sent something that is not Socket.IO.
    public static let parseError = DisconnectReason("parse error")
    /// The server closed the Engine.IO connection (`disconnect(close: true)` on some socket of it).
    public static let forcedClose = DisconnectReason("forced close")
    /// The server closed the connection because the client could not keep up (the send queue overflowed).
    public static let forcedServerClose = DisconnectReason("forced server close")
}

/// A socket id: the `id` of a server-side socket in one namespace (not the Engine.IO session id).
public typealias SocketID = String
/// A room name. Every socket is in the room named after its own id.
public typealias Room = String
/// The private id that lets a client recover its session after a disconnection; never shown to other clients.
public typealias PrivateSessionID = String

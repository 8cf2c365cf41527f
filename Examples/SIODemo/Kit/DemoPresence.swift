import Adapters
import SIOParser
public import SocketIO

/// Who is in a room, and the `online` announcements.
public enum DemoPresence {
    /// The user id `auth` stored on the socket ("" when none).
    public static func userId(of socket: Socket) -> String { socket.data["userId"]?.stringValue ?? "" }

    /// The room `auth` stored on the socket ("" when none).
    public static func room(of socket: Socket) -> String { socket.data["room"]?.stringValue ?? "" }

    /// The connected sockets of `room` with their user ids (any adapter: from `fetchSockets`).
    public static func clients(of room: String, in namespace: Namespace) async throws -> [DemoOnline.Client] {
        try await namespace.all.in(room).fetchSockets().map { socket in
            DemoOnline.Client(id: socket.id, userId: socket.data["userId"]?.stringValue ?? "")
        }
    }

    /// What happened.
    public enum Change: Sendable { case join, leave }

    /// Sends `online` to `room` with its current clients.
    public static func announce(_ change: Change, userId: String, room: String, in namespace: Namespace) async throws {
        let clients = try await clients(of: room, in: namespace)
        let event: DemoOnline
        switch change {
        case .join: event = .joined(userId, clients: clients)
        case .leave: event = .left(userId, clients: clients)
        }
        try namespace.all.to(room).emit("online", event)
    }
}

/// `online`, sent to a room when someone joins or leaves it: who is there now, and what happened.
public struct DemoOnline: Codable, Sendable, Equatable {
    /// One connected participant.
    public struct Client: Codable, Sendable, Equatable {
        /// The socket id.
        public var id: String
        /// The user id from the handshake.
        public var userId: String
        /// A participant.
        public init(id: String, userId: String) {
            self.id = id
            self.userId = userId
        }
    }

    /// Who is in the room, sorted by user id then socket id.
    public var clients: [Client]
    /// `join` or `leave`.
    public var action: String
    /// Always `participator` (the reference chat's audience marker).
    public var target: String
    /// A line for the chat log: `User(alice) joined.` or `User(alice) left.`
    public var message: String

    /// An `online` event; `clients` are sorted here.
    public init(clients: [Client], action: String, target: String = "participator", message: String) {
        self.clients = clients.sorted { ($0.userId, $0.id) < ($1.userId, $1.id) }
        self.action = action
        self.target = target
        self.message = message
    }

    /// `userId` joined; `clients` includes them.
    public static func joined(_ userId: String, clients: [Client]) -> DemoOnline {
        DemoOnline(clients: clients, action: "join", message: "User(\(userId)) joined.")
    }

    /// `userId` left; `clients` no longer includes them.
    public static func left(_ userId: String, clients: [Client]) -> DemoOnline {
        DemoOnline(clients: clients, action: "leave", message: "User(\(userId)) left.")
    }
}

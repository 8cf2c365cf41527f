public import SIOParser
import Synchronization

/// One client's session, found or created at the handshake; safe to use from any task.
public final class Session: Sendable {
    /// The session id (unsigned).
    public let id: String
    /// Whether the handshake created it (no valid session came with the client).
    public let isNew: Bool
    /// What a client keeps: the id with its signature, for the cookie or the auth field.
    public let signedID: String
    private let state: Mutex<(data: [String: JSONValue], changed: Bool)>
    private let store: any SessionStore
    private let maxAge: Duration

    /// A session over `store`.
    init(id: String, signedID: String, isNew: Bool, data: [String: JSONValue], store: any SessionStore, maxAge: Duration) {
        self.id = id
        self.signedID = signedID
        self.isNew = isNew
        self.state = Mutex((data, false))
        self.store = store
        self.maxAge = maxAge
    }

    /// One value of the session.
    public subscript(key: String) -> JSONValue? {
        get { state.withLock { $0.data[key] } }
        set {
            state.withLock {
                $0.data[key] = newValue
                $0.changed = true
            }
        }
    }

    /// Every value.
    public var data: [String: JSONValue] { state.withLock { $0.data } }

    /// Whether values changed since the last save.
    var isChanged: Bool { state.withLock { $0.changed } }

    /// Writes the session to its store.
    public func save() async throws {
        let data = state.withLock { state -> [String: JSONValue] in
            state.changed = false
            return state.data
        }
        try await store.save(id: id, data: data, maxAge: maxAge)
    }

    /// Removes the session from its store.
    public func destroy() async throws {
        try await store.destroy(id: id)
    }
}

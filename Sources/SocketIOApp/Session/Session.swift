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
    private let state: Mutex<State>
    private let store: any SessionStore
    private let maxAge: Duration

    /// A session over `store`; a new one counts as changed until its first save.
    init(
        id: String, signedID: String, isNew: Bool, data: [String: JSONValue], store: any SessionStore, maxAge: Duration
    ) {
        self.id = id
        self.signedID = signedID
        self.isNew = isNew
        self.state = Mutex(State(data: data, changed: isNew))
        self.store = store
        self.maxAge = maxAge
    }

    /// One value of the session; setting `nil` removes it.
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

    /// Whether the store lacks what this session holds: a new session not saved yet, or values changed since the
    /// last save.
    var isChanged: Bool { state.withLock { $0.changed } }

    /// Writes the session to its store (its life starts again: `maxAge` from now).
    public func save() async throws {
        let (data, snapshot) = state.withLock { state in
            state.changed = false
            state.snapshots += 1
            return (state.data, state.snapshots)
        }
        do {
            try await store.save(id: id, data: data, maxAge: maxAge)
        } catch {
            // Still unsaved: a later persist tries again.
            state.withLock { $0.changed = true }
            throw error
        }
        let undoneByDestroy = state.withLock { state -> Bool in
            // Two writes can reach the store out of order. If a newer save landed before this older one, the store
            // holds stale values: the next persist writes again. If a destroy did, it is repeated below, so an
            // older save cannot bring a destroyed session back.
            guard state.lastWritten > snapshot else {
                state.lastWritten = snapshot
                return false
            }
            if state.lastWritten == state.destroyedAt { return true }
            state.changed = true
            return false
        }
        if undoneByDestroy { try await store.destroy(id: id) }
    }

    /// Removes the session from its store and empties it. Nothing is saved again unless a value is set afterwards;
    /// the client's signed id then finds nothing, so its next handshake gets a new session.
    public func destroy() async throws {
        state.withLock { state in
            state.data = [:]
            state.changed = false
            state.snapshots += 1
            state.lastWritten = state.snapshots
            state.destroyedAt = state.snapshots
        }
        try await store.destroy(id: id)
    }
}

extension Session {
    /// The values and what the store has of them.
    private struct State: Sendable {
        var data: [String: JSONValue]
        /// Whether the store lacks what `data` holds.
        var changed: Bool
        /// How many saves took a snapshot of `data`.
        var snapshots: UInt64 = 0
        /// The newest snapshot a save or destroy wrote (a destroy takes a snapshot number too).
        var lastWritten: UInt64 = 0
        /// The snapshot number of the last destroy.
        var destroyedAt: UInt64?
    }
}

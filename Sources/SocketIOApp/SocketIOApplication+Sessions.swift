import SIOParser
import Synchronization

extension SocketIOApplication {
    /// The built-in `memory` store.
    // Stand-in until the session module's `InMemorySessionStore(maxSessions:)` is merged: then return that.
    static func builtInMemoryStore(_ configuration: SessionConfiguration) -> any SessionStore {
        FallbackMemorySessionStore(maxSessions: configuration.maxSessions)
    }
}

/// Saves a session when it is new or changed (after the connection was accepted), or when changed (at
/// disconnect).
// Stand-in for `SessionResolver.persistIfNeeded`, which the session module adds.
enum SessionPersistence {
    static func persist(_ session: Session, includingNew: Bool) async throws {
        guard session.isChanged || (includingNew && session.isNew) else { return }
        try await session.save()
    }
}

/// A bounded in-memory store, expiring entries by their max age.
final class FallbackMemorySessionStore: SessionStore {
    private let entries = Mutex<[String: (data: [String: JSONValue], expires: ContinuousClock.Instant)]>([:])
    private let maxSessions: Int

    init(maxSessions: Int) { self.maxSessions = maxSessions }

    func load(id: String) async throws -> [String: JSONValue]? {
        entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            guard entry.expires > .now else {
                entries[id] = nil
                return nil
            }
            return entry.data
        }
    }

    func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws {
        entries.withLock { entries in
            if entries[id] == nil, entries.count >= maxSessions {
                let now = ContinuousClock.now
                entries = entries.filter { $0.value.expires > now }
                // Still full: the entry expiring first makes room.
                if entries.count >= maxSessions, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
                    entries[oldest.key] = nil
                }
            }
            entries[id] = (data, .now + maxAge)
        }
    }

    func destroy(id: String) async throws {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}

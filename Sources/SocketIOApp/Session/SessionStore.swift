public import SIOParser

/// Where sessions live between connections.
public protocol SessionStore: Sendable {
    /// The session's data, nil when it does not exist or expired.
    func load(id: String) async throws -> [String: JSONValue]?
    /// Stores the session's data for `maxAge`.
    func save(id: String, data: [String: JSONValue], maxAge: Duration) async throws
    /// Forgets the session.
    func destroy(id: String) async throws
}

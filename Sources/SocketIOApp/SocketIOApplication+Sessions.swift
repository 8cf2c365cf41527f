extension SocketIOApplication {
    /// The built-in `memory` store, bounded by the configuration's `maxSessions`.
    static func builtInMemoryStore(_ configuration: SessionConfiguration) -> any SessionStore {
        InMemorySessionStore(maxSessions: configuration.maxSessions)
    }
}

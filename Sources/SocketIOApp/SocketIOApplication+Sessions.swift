import Synchronization

extension SocketIOApplication {
    /// The session resolver in force once `start()` ran, nil before it or with sessions off: an HTTP page handler
    /// uses it to give a browser its session cookie before the browser opens a Socket.IO connection.
    public var sessionResolver: SessionResolver? { registry.withLock { $0.runtime?.resolver } }

    /// The built-in `memory` store, bounded by the configuration's `maxSessions`.
    static func builtInMemoryStore(_ configuration: SessionConfiguration) -> any SessionStore {
        InMemorySessionStore(maxSessions: configuration.maxSessions)
    }
}

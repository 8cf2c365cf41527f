import SIOParser
public import SocketIO

/// Finds or creates the session of a handshake (cookie first, then the auth field), once per connection.
public struct SessionResolver: Sendable {
    /// The configuration in force.
    public let configuration: SessionConfiguration
    /// Where sessions live.
    public let store: any SessionStore

    /// A resolver; throws when the configuration cannot work (no secret).
    public init(configuration: SessionConfiguration, store: any SessionStore) throws(AppConfigurationError) {
        self.configuration = configuration
        self.store = store
    }

    /// The session of `handshake`: loaded when a verified id comes with it, else new.
    public func resolve(_ handshake: SocketHandshake) async throws -> Session {
        // Placeholder until the signed-cookie resolution lands: always a new session.
        let id = String(UInt64.random(in: .min ... .max), radix: 36)
        return Session(id: id, signedID: id, isNew: true, data: [:], store: store, maxAge: .seconds(configuration.maxAge))
    }
}

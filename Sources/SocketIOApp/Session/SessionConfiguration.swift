/// How handshake sessions are found and kept.
public struct SessionConfiguration: Codable, Sendable, Equatable {
    /// The registered store's name; `memory` is built in.
    public var store: String = "memory"
    /// The cookie holding the signed session id.
    public var cookieName: String = "sio.sid"
    /// The handshake auth key holding the signed session id (clients without cookies).
    public var authField: String = "session"
    /// Signing secrets: the first signs, every one verifies (rotation). At least one is required.
    public var secrets: [String] = []
    /// Seconds a session lives after its last save.
    public var maxAge: Int = 86_400
    /// The most sessions the in-memory store keeps.
    public var maxSessions: Int = 100_000

    /// The defaults (secrets still have to be given).
    public init(secrets: [String] = []) { self.secrets = secrets }
}

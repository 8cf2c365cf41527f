public import NIOHTTP1
public import SIOParser
public import SocketIO

/// Finds or creates the session of a handshake (cookie first, then the auth field), once per connection.
public struct SessionResolver: Sendable {
    /// The configuration in force.
    public let configuration: SessionConfiguration
    /// Where sessions live.
    public let store: any SessionStore
    /// Signs new ids and verifies the ones clients bring.
    public let signer: SessionSigner

    /// The longest signed id considered (bytes): ours are 66 (22 for the id, 1 dot, 43 for the signature), so this
    /// leaves room for a custom id scheme while a hostile client cannot make the server hash megabytes.
    public static let maxSignedIDLength = 256

    /// A resolver; throws `invalidValue` when the configuration cannot work (no secret, an empty secret, or a
    /// `maxAge` below 1 second).
    public init(configuration: SessionConfiguration, store: any SessionStore) throws(AppConfigurationError) {
        guard !configuration.secrets.isEmpty else {
            throw AppConfigurationError.invalidValue.with(
                path: "session.secrets", detail: "at least one secret is required to sign session ids")
        }
        if let index = configuration.secrets.firstIndex(where: \.isEmpty) {
            throw AppConfigurationError.invalidValue.with(
                path: "session.secrets[\(index)]", detail: "an empty secret signs nothing")
        }
        guard configuration.maxAge > 0 else {
            throw AppConfigurationError.invalidValue.with(
                path: "session.maxAge", detail: "\(configuration.maxAge) seconds: it must be at least 1")
        }
        self.configuration = configuration
        self.store = store
        self.signer = SessionSigner(secrets: configuration.secrets)
    }

    /// The session of `handshake`: loaded when a verified id comes with it, else new.
    public func resolve(_ handshake: SocketHandshake) async throws -> Session {
        try await resolve(headers: handshake.headers, auth: handshake.auth)
    }

    /// The session of a request: the first signed id that verifies and is still in the store, taken from the
    /// cookie `cookieName` (every `Cookie` header, in order), then from `auth[authField]` (a string); with none, a
    /// new session. Values longer than `maxSignedIDLength` are ignored. An HTTP page handler uses this with its
    /// request headers (and no auth).
    public func resolve(headers: HTTPHeaders, auth: JSONValue = .object([:])) async throws -> Session {
        var candidates = CookieHeader.values(named: configuration.cookieName, in: headers)
        if let fromAuth = auth[configuration.authField]?.stringValue { candidates.append(fromAuth) }
        for candidate in candidates where candidate.utf8.count <= Self.maxSignedIDLength {
            guard let id = signer.unsign(candidate) else { continue }
            guard let data = try await store.load(id: id) else { continue }
            return Session(id: id, signedID: signer.sign(id), isNew: false, data: data, store: store, maxAge: maxAge)
        }
        return newSession()
    }

    /// A new, empty session with a fresh random id (not saved until `persistIfNeeded` or `save()`).
    public func newSession() -> Session {
        let id = Self.makeID()
        return Session(id: id, signedID: signer.sign(id), isNew: true, data: [:], store: store, maxAge: maxAge)
    }

    /// Saves `session` when the store lacks it or its values changed. The pipeline calls it once the connection
    /// middleware accepted the connection, and again at disconnect.
    func persistIfNeeded(_ session: Session) async throws {
        guard session.isChanged else { return }
        try await session.save()
    }

    /// How long a session lives after a save.
    var maxAge: Duration { .seconds(configuration.maxAge) }

    /// 128 random bits, unpadded base64url (22 characters).
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Base64URL.encode(bytes)
    }
}

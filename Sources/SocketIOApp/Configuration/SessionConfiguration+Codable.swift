/// Strict decoding and validation of `SessionConfiguration` (the type itself lives with the sessions).
extension SessionConfiguration {
    /// The longest `maxAge`, in seconds: 2^31 - 1 (68 years), so expiry arithmetic never overflows.
    public static let maxMaxAge = 2_147_483_647

    private static let keys = ["store", "cookieName", "authField", "secrets", "maxAge", "maxSessions"]

    /// Decodes strictly: missing keys keep their defaults, unknown keys and wrong types throw with their path.
    public init(from decoder: any Decoder) throws {
        let object = try ConfigurationObject(decoder, known: Self.keys)
        self.init()
        store = try object.value("store", default: store)
        cookieName = try object.value("cookieName", default: cookieName)
        authField = try object.value("authField", default: authField)
        secrets = try object.value("secrets", default: secrets)
        maxAge = try object.value("maxAge", default: maxAge)
        maxSessions = try object.value("maxSessions", default: maxSessions)
    }

    /// Writes every key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigurationKey.self)
        try container.encode(store, forKey: .init("store"))
        try container.encode(cookieName, forKey: .init("cookieName"))
        try container.encode(authField, forKey: .init("authField"))
        try container.encode(secrets, forKey: .init("secrets"))
        try container.encode(maxAge, forKey: .init("maxAge"))
        try container.encode(maxSessions, forKey: .init("maxSessions"))
    }

    /// Checks every value; `parent` is this object's path (`session`). Whether `store` names a registered store is
    /// checked when the application starts.
    public func validate(at parent: String = "session") throws(AppConfigurationError) {
        func invalid(_ key: String, _ detail: String) -> AppConfigurationError {
            .invalidValue.with(path: ConfigurationPath.join(parent, key), detail: detail)
        }
        guard !store.isEmpty else { throw invalid("store", "a store name must not be empty") }
        guard Self.isCookieName(cookieName) else {
            throw invalid("cookieName", "\"\(cookieName)\" is not a cookie name (letters, digits and !#$%&'*+-.^_`|~)")
        }
        guard !authField.isEmpty else { throw invalid("authField", "the auth field name must not be empty") }
        guard !secrets.isEmpty else {
            throw invalid("secrets", "at least one secret is required to sign session ids")
        }
        for (index, secret) in secrets.enumerated() where secret.isEmpty {
            throw invalid("secrets[\(index)]", "a secret must not be empty")
        }
        guard maxAge > 0, maxAge <= Self.maxMaxAge else {
            throw invalid("maxAge", "\(maxAge) must be between 1 and \(Self.maxMaxAge) seconds")
        }
        guard maxSessions > 0 else { throw invalid("maxSessions", "\(maxSessions) must be > 0") }
    }

    /// Whether `name` is an RFC 6265 cookie name (an RFC 7230 token).
    static func isCookieName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    true
                default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
                }
            }
    }
}

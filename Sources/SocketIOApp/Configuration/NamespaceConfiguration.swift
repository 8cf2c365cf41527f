/// One namespace's middleware, by registered name, run after the global ones.
public struct NamespaceConfiguration: Codable, Sendable, Equatable {
    /// Connection middleware names, in order.
    public var connectionMiddleware: [String] = []
    /// Packet middleware names, in order.
    public var packetMiddleware: [String] = []

    /// No middleware.
    public init(connectionMiddleware: [String] = [], packetMiddleware: [String] = []) {
        self.connectionMiddleware = connectionMiddleware
        self.packetMiddleware = packetMiddleware
    }

    /// Decodes strictly: missing keys are empty lists, unknown keys and wrong types throw with their path.
    public init(from decoder: any Decoder) throws {
        let object = try ConfigurationObject(decoder, known: ["connectionMiddleware", "packetMiddleware"])
        connectionMiddleware = try object.value("connectionMiddleware", default: [])
        packetMiddleware = try object.value("packetMiddleware", default: [])
    }

    /// Writes both keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigurationKey.self)
        try container.encode(connectionMiddleware, forKey: .init("connectionMiddleware"))
        try container.encode(packetMiddleware, forKey: .init("packetMiddleware"))
    }

    /// Checks that every middleware name is non-empty; `parent` is this namespace's path (`namespaces./chat`).
    public func validate(at parent: String) throws(AppConfigurationError) {
        try Self.validateNames(connectionMiddleware, at: ConfigurationPath.join(parent, "connectionMiddleware"))
        try Self.validateNames(packetMiddleware, at: ConfigurationPath.join(parent, "packetMiddleware"))
    }

    /// Rejects empty middleware names in a list at `path`.
    static func validateNames(_ names: [String], at path: String) throws(AppConfigurationError) {
        for (index, name) in names.enumerated() where name.isEmpty {
            throw .invalidValue.with(path: "\(path)[\(index)]", detail: "a middleware name must not be empty")
        }
    }
}

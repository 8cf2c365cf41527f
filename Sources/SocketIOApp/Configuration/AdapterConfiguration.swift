/// Which adapter fans out broadcasts: `memory` (one process) for now.
public struct AdapterConfiguration: Codable, Sendable, Equatable {
    /// The adapter's kind.
    public var type: String = "memory"

    /// The adapter types this build provides.
    public static let availableTypes = ["memory"]

    /// The in-memory adapter.
    public init(type: String = "memory") { self.type = type }

    /// Decodes strictly: `type` is optional, any other key is an error naming its path.
    public init(from decoder: any Decoder) throws {
        let object = try ConfigurationObject(decoder, known: ["type"])
        type = try object.value("type", default: type)
    }

    /// Writes `type`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ConfigurationKey.self)
        try container.encode(type, forKey: .init("type"))
    }

    /// Checks that this build provides the adapter; `parent` is this object's path (`adapter`).
    public func validate(at parent: String = "adapter") throws(AppConfigurationError) {
        guard Self.availableTypes.contains(type) else {
            let detail =
                type == "redis"
                ? "redis is not available in this build (available: memory)"
                : "\"\(type)\" is not an adapter type (available: memory)"
            throw .unknownAdapter.with(path: ConfigurationPath.join(parent, "type"), detail: detail)
        }
    }
}

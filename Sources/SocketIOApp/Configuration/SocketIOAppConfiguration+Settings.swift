public import SIOParser

extension SocketIOAppConfiguration {
    /// Decodes and validates a configuration held as a `JSONValue` (for example one section of a larger file).
    public static func decode(value: JSONValue) throws(AppConfigurationError) -> SocketIOAppConfiguration {
        try decode(json: value.serialized())
    }

    /// The application's own `settings` as a `Decodable` type; a mismatch is an `AppConfigurationError` whose path
    /// starts with `settings`. How strict the decoding is depends on `T`'s own `init(from:)`.
    public func settings<T: Decodable>(as type: T.Type) throws(AppConfigurationError) -> T {
        let json = settings.serialized()
        do {
            let document = try JSONDocument(parsing: json[...])
            return try SIOValueDecoder().decode(T.self, from: document.root)
        } catch {
            let mapped = AppConfigurationError(decoding: error)
            let path = mapped.path.isEmpty ? "settings" : "settings.\(mapped.path)"
            throw mapped.with(path: mapped.path.hasPrefix("[") ? "settings\(mapped.path)" : path, detail: mapped.detail)
        }
    }
}

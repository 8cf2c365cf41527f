/// A key of a configuration object, any text (so `allKeys` reports every key the file has, known or not).
struct ConfigurationKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    init(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// One configuration object being decoded strictly: every key optional, any key not in `known` rejected with its
/// full path, any value of the wrong type reported by the decoder with its coding path.
///
/// Works over any `Decoder` (the project's `SIOValueDecoder`, Foundation's `JSONDecoder`, ...), so the
/// configuration types stay ordinary `Codable` values.
struct ConfigurationObject {
    private let container: KeyedDecodingContainer<ConfigurationKey>

    /// Opens the object `decoder` holds and rejects unknown or repeated keys.
    init(_ decoder: any Decoder, known: [String]) throws {
        container = try decoder.container(keyedBy: ConfigurationKey.self)
        var seen: Set<String> = []
        // Document order, so the first offending key is the one reported.
        for key in container.allKeys {
            let path = ConfigurationPath.text(of: decoder.codingPath + [key])
            guard known.contains(key.stringValue) else {
                throw AppConfigurationError.unknownKey.with(
                    path: path, detail: "\"\(key.stringValue)\" is not one of \(known.joined(separator: ", "))")
            }
            guard seen.insert(key.stringValue).inserted else {
                throw AppConfigurationError.invalidValue.with(path: path, detail: "the key is given twice")
            }
        }
    }

    /// The value under `key`, or `fallback` when the key is absent. `null` is a wrong type: omit the key for the
    /// default.
    func value<T: Decodable>(_ key: String, default fallback: T) throws -> T {
        let key = ConfigurationKey(key)
        guard container.contains(key) else { return fallback }
        return try container.decode(T.self, forKey: key)
    }

    /// The value under `key`, nil when the key is absent or `null`.
    func optional<T: Decodable>(_ key: String) throws -> T? {
        try container.decodeIfPresent(T.self, forKey: ConfigurationKey(key))
    }

    /// Whether the object has `key`.
    func contains(_ key: String) -> Bool { container.contains(ConfigurationKey(key)) }

    /// The object under `key` as a dictionary whose values decode strictly (namespaces), or nil when absent.
    func dictionary<T: Decodable>(_ key: String, of type: T.Type) throws -> [String: T]? {
        let key = ConfigurationKey(key)
        guard container.contains(key) else { return nil }
        let nested = try container.nestedContainer(keyedBy: ConfigurationKey.self, forKey: key)
        var result: [String: T] = [:]
        for member in nested.allKeys {
            guard result[member.stringValue] == nil else {
                throw AppConfigurationError.invalidValue.with(
                    path: ConfigurationPath.text(of: nested.codingPath + [member]), detail: "the key is given twice")
            }
            result[member.stringValue] = try nested.decode(T.self, forKey: member)
        }
        return result
    }
}

/// Coding paths written the way a configuration file is read: `namespaces./chat.packetMiddleware[1]`.
enum ConfigurationPath {
    /// The text of `path`; array indices as `[n]`, member names joined by dots.
    static func text(of path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index),
                !(key is ConfigurationKey)
            {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    /// `parent.key`, or `key` at the top.
    static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }
}

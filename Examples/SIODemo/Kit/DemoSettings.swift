public import SIOParser
import SIOParserNIO

/// The chat's own settings: the `settings` object of the configuration.
public struct DemoSettings: Codable, Sendable, Equatable {
    /// The rooms a client may join.
    public var rooms: [String]
    /// App ids and their signing keys.
    public var apps: [String: String]
    /// How far a handshake timestamp may be from the server's clock, in seconds.
    public var maxClockSkewSeconds: Int
    /// The app whose id and key the demo page carries.
    public var demoApp: String

    /// Settings from their parts.
    public init(rooms: [String], apps: [String: String], maxClockSkewSeconds: Int, demoApp: String) {
        self.rooms = rooms
        self.apps = apps
        self.maxClockSkewSeconds = maxClockSkewSeconds
        self.demoApp = demoApp
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case rooms, apps, maxClockSkewSeconds, demoApp
    }

    /// Decodes every key as required, and refuses unknown keys and values that cannot work.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rooms = try container.decode([String].self, forKey: .rooms)
        apps = try container.decode([String: String].self, forKey: .apps)
        maxClockSkewSeconds = try container.decode(Int.self, forKey: .maxClockSkewSeconds)
        demoApp = try container.decode(String.self, forKey: .demoApp)
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: all, debugDescription: "unknown settings key '\(unknown.stringValue)'")
        }
        if rooms.isEmpty || rooms.contains(where: \.isEmpty) {
            throw DecodingError.dataCorruptedError(
                forKey: .rooms, in: container, debugDescription: "rooms must be a non-empty list of non-empty names")
        }
        if maxClockSkewSeconds <= 0 {
            throw DecodingError.dataCorruptedError(
                forKey: .maxClockSkewSeconds, in: container, debugDescription: "must be greater than 0")
        }
        if apps[demoApp] == nil {
            throw DecodingError.dataCorruptedError(
                forKey: .demoApp, in: container, debugDescription: "'\(demoApp)' is not one of the apps")
        }
    }

    /// Decodes settings from the configuration's `settings` value.
    public static func decode(_ value: JSONValue) throws -> DemoSettings {
        try SIOArguments([value]).decode(DemoSettings.self, at: 0)
    }

    /// The key of the demo app (present: decoding checks it).
    public var demoKey: String { apps[demoApp] ?? "" }

    /// A signature checker for these apps.
    public func signature(now: @escaping @Sendable () -> Int64 = DemoSignature.systemMilliseconds) -> DemoSignature {
        DemoSignature(apps: apps, maxClockSkewSeconds: maxClockSkewSeconds, now: now)
    }
}

/// Any member name, to find keys the settings do not know.
private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

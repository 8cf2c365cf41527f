/// An Engine.IO protocol revision (the `EIO` query parameter): 4 is current, 3 is served with `allowEIO3`.
public struct EngineProtocolVersion: Hashable, Sendable, CustomStringConvertible {
    /// The revision number.
    public let rawValue: Int

    /// Wraps a revision number; only 3 and 4 are supported by the codecs (anything else is treated as 4).
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Socket.IO v1/v2: length-prefixed payloads, type byte before WebSocket binary data.
    public static let v3 = EngineProtocolVersion(rawValue: 3)
    /// Socket.IO v3 and later: `\x1e`-separated payloads, raw WebSocket binary data.
    public static let v4 = EngineProtocolVersion(rawValue: 4)

    /// `EIO=<n>`.
    public var description: String { "EIO=\(rawValue)" }
}

/// Whether an encoded WebSocket message must be sent as a text or a binary frame.
public enum EngineMessageKind: Hashable, Sendable {
    /// A text frame (UTF-8).
    case text
    /// A binary frame.
    case binary
}

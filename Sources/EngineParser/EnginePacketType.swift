/// An Engine.IO packet type: a struct around the wire value, so values outside the known set stay representable.
public struct EnginePacketType: Hashable, Sendable, CustomStringConvertible {
    /// The numeric value (the ASCII digit's value in text, the byte itself in v3 binary).
    public let rawValue: UInt8

    /// Wraps any value; `isKnown` tells whether the protocol defines it.
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Server to client: the session is open; the payload is the JSON handshake.
    public static let open = EnginePacketType(rawValue: 0)
    /// Either side: the transport is being closed.
    public static let close = EnginePacketType(rawValue: 1)
    /// Heartbeat request (server to client in v4, client to server in v3); `probe` during an upgrade.
    public static let ping = EnginePacketType(rawValue: 2)
    /// Heartbeat answer; `probe` during an upgrade.
    public static let pong = EnginePacketType(rawValue: 3)
    /// Application data, text or binary.
    public static let message = EnginePacketType(rawValue: 4)
    /// Client to server: complete the transport upgrade.
    public static let upgrade = EnginePacketType(rawValue: 5)
    /// No operation; ends a pending poll during an upgrade.
    public static let noop = EnginePacketType(rawValue: 6)

    /// Whether the protocol defines this value (0...6).
    @inlinable
    public var isKnown: Bool { rawValue <= 6 }

    /// The ASCII digit that encodes this type in text (`"0"`...`"9"`); only meaningful for values below 10 (encoders
    /// write whatever byte this gives, so callers must not send unknown types: a decoder would refuse them anyway).
    @inlinable
    var digit: UInt8 { 0x30 &+ rawValue }

    /// The protocol's name for the type, or `unknown(n)`.
    public var description: String {
        switch rawValue {
        case 0: "open"
        case 1: "close"
        case 2: "ping"
        case 3: "pong"
        case 4: "message"
        case 5: "upgrade"
        case 6: "noop"
        default: "unknown(\(rawValue))"
        }
    }
}

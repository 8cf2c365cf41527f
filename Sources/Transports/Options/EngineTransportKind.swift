/// An Engine.IO transport, spelled as on the wire (`transport=polling`).
public struct EngineTransportKind: Hashable, Sendable, CustomStringConvertible {
    /// The wire name.
    public let name: String
    /// A transport by its wire name; unknown names can be represented and reported.
    public init(name: String) { self.name = name }
    /// HTTP long-polling.
    public static let polling = EngineTransportKind(name: "polling")
    /// WebSocket.
    public static let websocket = EngineTransportKind(name: "websocket")
    /// The wire name.
    public var description: String { name }
}

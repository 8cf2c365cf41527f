/// An Engine.IO transport as the client uses it.
public struct EngineClientTransport: Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case polling
        case websocket
    }

    private let kind: Kind

    /// HTTP long-polling.
    public static let polling = EngineClientTransport(kind: .polling)
    /// WebSocket.
    public static let websocket = EngineClientTransport(kind: .websocket)

    /// The value of the `transport` query parameter.
    public var queryValue: String {
        switch kind {
        case .polling: "polling"
        case .websocket: "websocket"
        }
    }

    /// The transport's name as in the query string.
    public var description: String { queryValue }
}

/// Limits and connection settings of a `SocketIOTestClient` beyond the arguments of `connect`.
public struct SocketIOTestClientOptions: Sendable {
    /// How many events of one name the client keeps; past it the oldest is dropped and counted
    /// (`droppedEvents(_:)`). Default 1 000: a test that never reads an event must not grow memory without bound.
    public var eventBufferLimit: Int = 1_000
    /// How many distinct event names the client keeps events for; events with a further name are dropped and
    /// counted (`droppedEventsTotal`). Default 1 000, so a server sending ever new names cannot grow memory.
    public var maxEventNames: Int = 1_000
    /// Whether a lost connection is re-opened. Default `false`: a test wants a clear failure, not a retry.
    public var reconnection: Bool = false
    /// Whether polling upgrades to WebSocket when both transports are given. Default `true`.
    public var upgrade: Bool = true
    /// Headers added to every request (a `Cookie`, for instance).
    public var headers: [(name: String, value: String)] = []

    /// The defaults.
    public init() {}
}

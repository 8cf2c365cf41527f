import Adapters

/// Where a route's return value goes besides the acknowledgement (which is always sent when the client asked).
public struct RouteReply: Sendable {
    /// Who receives the emitted event.
    enum Target: Sendable {
        case none
        case caller
        case rooms(@Sendable (EventContext) -> [Room])
        case namespace
    }

    let event: String?
    let target: Target

    /// Only the acknowledgement, when the client asked for one (the default).
    public static let ack = RouteReply(event: nil, target: .none)

    /// Emits the value as `event` to the caller (midway's `@WSEmit`), and acknowledges when asked.
    public static func emit(_ event: String) -> RouteReply { RouteReply(event: event, target: .caller) }

    /// Emits the value as `event` to every socket in the rooms `rooms` picks (the caller too when it is in one).
    public static func emit(_ event: String, toRooms rooms: @escaping @Sendable (EventContext) -> [String]) -> RouteReply {
        RouteReply(event: event, target: .rooms(rooms))
    }

    /// Emits the value as `event` to the whole namespace, the caller included.
    public static func broadcast(_ event: String) -> RouteReply { RouteReply(event: event, target: .namespace) }
}

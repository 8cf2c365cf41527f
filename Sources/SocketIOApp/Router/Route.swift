import SocketIO

/// One routed event: its per-route middleware, where the reply goes, and the type-erased handler.
struct Route: Sendable {
    let middleware: [PacketMiddleware]
    let reply: RouteReply
    /// Decodes the arguments, makes the controller, runs the handler; returns what to send.
    let invoke: @Sendable (EventContext) async throws -> RouteOutput
}

/// What a handler returned, ready to send.
struct RouteOutput: Sendable {
    /// Answers the acknowledgement with the value (`[]` for Void, `[null]` for nil).
    let acknowledge: @Sendable (SocketAck) -> Void
    /// Emits the value as an event to a socket or a broadcast; nil when nothing is emitted (Void, nil).
    let emit: (@Sendable (String, RouteEmitTarget) throws -> Void)?
}

/// Where a route emits.
enum RouteEmitTarget {
    case socket(Socket)
    case broadcast(BroadcastOperator)
}

/// Lets a generic route tell a nil Optional from a value.
protocol AppOptionalValue {
    var isNone: Bool { get }
}

extension Optional: AppOptionalValue {
    var isNone: Bool { self == nil }
}

extension RouteOutput {
    /// Nothing to emit, an empty acknowledgement.
    static let void = RouteOutput(acknowledge: { $0() }, emit: nil)

    /// The output for a value: emitted unless it is a nil Optional, and the acknowledgement's single argument.
    static func value<Output: Encodable & Sendable>(_ output: Output) -> RouteOutput {
        let emit: (@Sendable (String, RouteEmitTarget) throws -> Void)?
        if let optional = output as? any AppOptionalValue, optional.isNone {
            emit = nil
        } else {
            emit = { event, target in
                switch target {
                case .socket(let socket): try socket.emit(event, output)
                case .broadcast(let operation): try operation.emit(event, output)
                }
            }
        }
        return RouteOutput(acknowledge: { $0(output) }, emit: emit)
    }
}

import SIOParser
import SocketIO
public import SocketIOApp

/// The chat's events, one controller per event: `exchange` (to one socket), `chat` (to the sender's room) and the
/// `connection` system event (the join announcement).
public struct ChatController: SocketController {
    /// The event being handled.
    public let context: EventContext

    /// A controller for one event.
    public init(context: EventContext) { self.context = context }

    private var services: DemoChatServices {
        get throws { try context.services.require(DemoChatServices.self) }
    }

    /// The `connection` route: tells the socket's room (the socket included) who is there now.
    public func connected() async throws {
        let socket = context.socket
        let room = DemoPresence.room(of: socket)
        guard !room.isEmpty else { return }
        try await DemoPresence.announce(
            .join, userId: DemoPresence.userId(of: socket), room: room, in: socket.namespace)
    }

    /// Delivers the payload to `target` in an envelope; the ack is the receipt, or an error for a payload over
    /// 4 KiB of JSON or a target that is not a connected socket of this namespace.
    public func exchange(_ request: DemoExchange) async throws -> DemoExchangeReceipt {
        guard request.payload.serialized().count <= DemoExchange.maxPayloadBytes else {
            throw AppEventError("payload too large")
        }
        // Only a socket id counts: a room name (`demo`) would otherwise reach a whole room.
        let found = try await context.namespace.all.in(request.target).fetchSockets()
        guard found.contains(where: { $0.id == request.target }) else { throw AppEventError("unknown target") }
        let timestamp = try services.now()
        let envelope = DemoExchangeEnvelope(
            payload: request.payload, client: context.socket.id, target: request.target, timestamp: timestamp)
        try context.namespace.all.to(request.target).emit("exchange", envelope)
        return DemoExchangeReceipt(timestamp: timestamp)
    }

    /// A line for the room (the route emits it to the sender's room, the sender included, and acks with it).
    public func chat(_ request: DemoChatRequest) async throws -> DemoChatMessage {
        guard let text = request.validText else { throw AppEventError("invalid text") }
        return DemoChatMessage(
            id: context.socket.id, userId: DemoPresence.userId(of: context.socket), text: text,
            timestamp: try services.now())
    }
}

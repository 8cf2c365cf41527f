import NIOCore
import SIOParser
public import SIOParserNIO

/// A handler for one event name, registered on a socket or on a whole namespace.
struct SocketEventHandler: Sendable {
    /// The event name.
    let event: String
    /// Runs the handler on the socket's loop: synchronous handlers run there and then, async ones start a task.
    let invoke: @Sendable (Socket, SIOArguments, SocketAck?) -> Void
}

/// An `onAny` / `onAnyOutgoing` listener: the event name and its arguments.
struct SocketAnyListener: Sendable {
    /// Identifies the listener for `offAny`.
    let token: SocketListenerToken
    /// The listener.
    let body: @Sendable (Socket, String, SIOArguments) -> Void
}

/// Identifies a listener so that it can be removed (`offAny`).
public struct SocketListenerToken: Hashable, Sendable {
    let value: UInt64
}

/// An incoming event as packet middleware sees it.
public struct SocketIncomingEvent: Sendable {
    /// The socket it arrived on.
    public let socket: Socket
    /// The event name.
    public let event: String
    /// Its arguments (after the name).
    public let arguments: SIOArguments
    /// Whether the client asked for an acknowledgement.
    public let wantsAck: Bool
}

/// Packet middleware: runs before the handlers of every incoming event; throwing drops the packet and reports the
/// error on the socket's `error` handlers.
typealias SocketPacketMiddleware = @Sendable (SocketIncomingEvent) async throws -> Void

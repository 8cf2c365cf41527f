public import NIOCore
public import EngineParser

/// One Engine.IO session (the reference's `Socket`). (Owner: engine core. Skeleton.)
///
/// A session lives on one event loop (`eventLoop`); every member except the `let`s and `close()` must be used on
/// it, and the handler is called on it.
public final class EngineSession: @unchecked Sendable {
    /// The session id (sid).
    public let id: String
    /// The Engine.IO protocol revision the client speaks.
    public let protocolVersion: EngineProtocolVersion
    /// The handshake request.
    public let request: EngineRequestHead
    /// The event loop the session lives on.
    public let eventLoop: any EventLoop
    /// Free for the layer above (the Socket.IO client object of this session); loop-confined.
    public var context: AnyObject?

    init(id: String, protocolVersion: EngineProtocolVersion, request: EngineRequestHead, eventLoop: any EventLoop) {
        self.id = id
        self.protocolVersion = protocolVersion
        self.request = request
        self.eventLoop = eventLoop
    }

    /// The transport in use now.
    public var transport: EngineTransportKind { .polling }

    /// Whether a message sent now would be handed to the transport at once (volatile messages need this).
    public var canWriteNow: Bool { false }

    /// Queues or writes a message. Must be called on `eventLoop`.
    @discardableResult
    public func send(_ message: EngineOutboundMessage, volatile: Bool = false, compress: Bool = true)
        -> EngineSendResult
    { .closed }

    /// Closes the session after flushing what is queued (reason `forcedClose`). Callable from any thread.
    public func close() {}
}

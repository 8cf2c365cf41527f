/// The layer above the engine (Socket.IO, or an application speaking bare Engine.IO) implements this.
///
/// Every call for a session arrives on that session's `eventLoop`, in order, and must not block: hop elsewhere for
/// slow work. Calls for different sessions may run concurrently on different event loops.
public protocol EngineHandler: AnyObject, Sendable {
    /// A session completed its handshake; the open packet is already queued.
    func sessionOpened(_ session: EngineSession)
    /// A session received a message.
    func session(_ session: EngineSession, received message: EngineMessage)
    /// A session closed; it will make no further calls.
    func sessionClosed(_ session: EngineSession, reason: EngineCloseReason)
    /// The session's queue emptied and its transport can take more (the reference's `drain`).
    func sessionDrained(_ session: EngineSession)
    /// The session finished upgrading to WebSocket.
    func sessionUpgraded(_ session: EngineSession)
}

extension EngineHandler {
    /// Does nothing.
    public func sessionDrained(_ session: EngineSession) {}
    /// Does nothing.
    public func sessionUpgraded(_ session: EngineSession) {}
}

/// An `EngineHandler` that sends every message back as it came (text as text, binary as binary): for tests and
/// the conformance server.
public final class EngineEchoHandler: EngineHandler {
    /// An echo handler.
    public init() {}

    /// Does nothing.
    public func sessionOpened(_ session: EngineSession) {}

    /// Sends the message back.
    public func session(_ session: EngineSession, received message: EngineMessage) {
        switch message {
        case .text(let bytes): session.send(.text(bytes))
        case .binary(let bytes): session.send(.binary(bytes))
        }
    }

    /// Does nothing.
    public func sessionClosed(_ session: EngineSession, reason: EngineCloseReason) {}
}

/// A message received from (or sent to) the server.
public enum EngineClientMessage: Hashable, Sendable {
    /// A text message.
    case text(String)
    /// A binary message.
    case binary([UInt8])
}

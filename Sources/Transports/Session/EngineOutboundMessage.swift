public import NIOCore

/// A message to send, encoded once so that one value can go to many sessions (a broadcast) without re-encoding.
///
/// (Owner: engine core. Skeleton: the core decides the stored representation; the contract is that building it
/// encodes once, and sending it to N WebSocket sessions without permessage-deflate writes the same frame bytes.)
public struct EngineOutboundMessage: Sendable {
    /// The message data (without the Engine.IO type character).
    public let data: ByteBuffer
    /// Whether this is a binary message.
    public let isBinary: Bool

    /// A text message; `text` must be valid UTF-8.
    public static func text(_ text: ByteBuffer) -> EngineOutboundMessage {
        EngineOutboundMessage(data: text, isBinary: false)
    }
    /// A text message.
    public static func text(_ text: String) -> EngineOutboundMessage {
        .text(ByteBuffer(string: text))
    }
    /// A binary message.
    public static func binary(_ bytes: ByteBuffer) -> EngineOutboundMessage {
        EngineOutboundMessage(data: bytes, isBinary: true)
    }
}

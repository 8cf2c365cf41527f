public import NIOCore

/// A message a client sent: the data of one Engine.IO `message` packet.
public enum EngineMessage: Sendable, Hashable {
    /// A text message; the bytes are valid UTF-8.
    case text(ByteBuffer)
    /// A binary message.
    case binary(ByteBuffer)

    /// The message's bytes, whatever its kind.
    public var bytes: ByteBuffer {
        switch self {
        case .text(let b), .binary(let b): b
        }
    }

    /// Whether this is a binary message.
    public var isBinary: Bool {
        switch self {
        case .text: false
        case .binary: true
        }
    }
}

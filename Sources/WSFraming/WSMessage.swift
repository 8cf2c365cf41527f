public import NIOCore

/// A complete data message: text (validated UTF-8) or binary, already joined and decompressed.
public struct WSMessage: Hashable, Sendable {
    /// Whether the payload is text or binary.
    public var kind: Kind
    /// The message bytes; a single-frame uncompressed message is a slice of the inbound buffer.
    public var payload: ByteBuffer

    /// The two data message types.
    public enum Kind: Hashable, Sendable {
        /// UTF-8 text (opcode 0x1).
        case text
        /// Arbitrary bytes (opcode 0x2).
        case binary
    }

    /// A message of `kind` with `payload`.
    public init(kind: Kind, payload: ByteBuffer) {
        self.kind = kind
        self.payload = payload
    }

    /// The payload decoded as a String (meant for text messages, whose UTF-8 is already validated).
    public var text: String { String(buffer: payload) }

    /// The opcode that starts this message on the wire.
    public var opcode: WSOpcode { kind == .text ? .text : .binary }
}

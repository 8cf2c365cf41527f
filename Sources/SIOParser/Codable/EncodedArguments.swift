/// The JSON text of encoded values plus the binary attachments its placeholders refer to, in `num` order.
///
/// The Socket.IO packet encoder prefixes `json` with its header (type, attachment count, namespace, ack id) and
/// sends each attachment as its own binary message after it.
public struct EncodedArguments: Sendable {
    /// UTF-8 JSON text; for arguments, a JSON array.
    public var json: [UInt8]
    /// The values that became `{"_placeholder":true,"num":i}`, attachment `i` at index `i`.
    public var attachments: [any BinaryAttachment]

    /// Wraps already-encoded JSON and its attachments.
    public init(json: [UInt8], attachments: [any BinaryAttachment] = []) {
        self.json = json
        self.attachments = attachments
    }

    /// The JSON text as a String (for logs and tests).
    public var jsonString: String { String(decoding: json, as: UTF8.self) }
}

/// One encoded Socket.IO packet ready for the Engine.IO connection: the text message, then one binary message per
/// attachment.
struct SocketIOOutbound: Sendable, Equatable {
    /// The text packet.
    var text: [UInt8]
    /// The attachments, in placeholder order.
    var attachments: [[UInt8]]

    init(text: [UInt8], attachments: [[UInt8]] = []) {
        self.text = text
        self.attachments = attachments
    }

    /// The text as a String (the packet's bytes are UTF-8: the encoder writes JSON and validated names).
    var textString: String { String(decoding: text, as: UTF8.self) }
}

import NIOCore
import SIOParser
import SIOParserNIO

/// Turns event arrays and acknowledgement arguments that arrived from another node back into `SIOArguments`, by
/// decoding them as the Socket.IO packet they would have been on a socket (so they behave exactly like received
/// arguments, attachments included).
enum WireArguments {
    /// The event name and arguments of an event array `["event", ...]`, or `nil` if it is not one.
    static func event(_ encoded: EncodedArguments) -> (name: String, arguments: SIOArguments)? {
        let header = encoded.attachments.isEmpty ? "2" : "5\(encoded.attachments.count)-"
        guard let packet = decode(header: header, encoded), let name = packet.eventName?.stringValue else { return nil }
        return (name, SIOArguments(packet: packet))
    }

    /// Acknowledgement arguments (a JSON array), or `nil` if they are not valid.
    static func ack(_ encoded: EncodedArguments) -> SIOArguments? {
        let header = encoded.attachments.isEmpty ? "30" : "6\(encoded.attachments.count)-0"
        return decode(header: header, encoded).map { SIOArguments(packet: $0) }
    }

    private static func decode(header: String, _ encoded: EncodedArguments) -> SIOPacket<ByteBufferView>? {
        var text = ByteBuffer(string: header)
        text.writeBytes(encoded.json)
        var decoder = SIOPacketDecoder<ByteBufferView>(
            options: SIOPacketOptions(maxAttachments: max(10, encoded.attachments.count))
        )
        guard var result = try? decoder.receive(text: text.readableBytesView) else { return nil }
        for attachment in encoded.attachments {
            let buffer = attachment.withAttachmentBytes { ByteBuffer(bytes: $0) }
            guard let next = try? decoder.receive(binary: buffer.readableBytesView) else { return nil }
            result = next
        }
        return result.packet
    }
}

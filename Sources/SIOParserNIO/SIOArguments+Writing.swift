package import NIOCore
import SIOParser

extension SIOArguments {
    /// Whether these are received arguments without binary attachments: their JSON array can then be written
    /// straight into an outgoing frame (`writeJSONArray(to:)`) with nothing else to send.
    package var isReceivedWithoutAttachments: Bool {
        if case .packet(let packet) = storage { return packet.attachments.isEmpty }
        return false
    }

    /// A size hint for `writeJSONArray(to:)`: the received packet's length (which holds the arguments), or 0.
    package var receivedByteCountHint: Int {
        if case .packet(let packet) = storage { return packet.text.count }
        return 0
    }

    /// Appends the JSON array `encoded()` makes (the same bytes) to `buffer`. Received arguments are copied from
    /// the packet into `buffer` directly, without an intermediate array; attachments are the caller's concern.
    package func writeJSONArray(to buffer: inout ByteBuffer) {
        switch storage {
        case .packet(let packet):
            buffer.writeInteger(UInt8(ascii: "["))
            if packet.type.isEvent || packet.type.isAck, let root = packet.payload?.root {
                // The same elements `SIOPacket.arguments` lists, read from the index without collecting them.
                var first = true
                for argument in root.elements.dropFirst(packet.type.isEvent ? 1 : 0) {
                    if !first { buffer.writeInteger(UInt8(ascii: ",")) }
                    first = false
                    buffer.writeBytes(argument.rawBytes)
                }
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        case .values:
            buffer.writeBytes(encoded().json)
        }
    }
}

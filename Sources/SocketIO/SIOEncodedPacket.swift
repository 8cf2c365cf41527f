public import SIOParser
public import Transports
import NIOCore
import SIOParserNIO

/// A Socket.IO packet encoded once for the wire: its text message and one binary message per attachment.
///
/// A broadcast builds one and writes the same messages (the same WebSocket frames) to every target.
public struct SIOEncodedPacket: Sendable {
    /// The text message (`4` + the Socket.IO packet, framed).
    public let text: EngineOutboundMessage
    /// The attachments, in placeholder order; empty for a packet without binary data.
    public let attachments: [EngineOutboundMessage]

    /// A packet from already encoded messages.
    public init(text: EngineOutboundMessage, attachments: [EngineOutboundMessage] = []) {
        self.text = text
        self.attachments = attachments
    }

    /// An EVENT (or BINARY_EVENT) whose `["event", ...]` array is already encoded.
    public static func event(
        namespace: String, arguments: EncodedArguments, ackID: UInt64? = nil, encoder: SIOPacketEncoder = .init()
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        let type: SIOPacketType = arguments.attachments.isEmpty ? .event : .binaryEvent
        return try make(type, namespace: namespace, arguments: arguments, ackID: ackID, encoder: encoder)
    }

    /// An ACK (or BINARY_ACK) carrying an already encoded arguments array.
    public static func ack(
        namespace: String, arguments: EncodedArguments, ackID: UInt64, encoder: SIOPacketEncoder = .init()
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        let type: SIOPacketType = arguments.attachments.isEmpty ? .ack : .binaryAck
        return try make(type, namespace: namespace, arguments: arguments, ackID: ackID, encoder: encoder)
    }

    /// An ACK echoing received arguments that carry no attachments (`SIOArguments.isReceivedWithoutAttachments`):
    /// the header and the arguments are written straight into the frame, the bytes `ack(namespace:arguments:...)`
    /// with `arguments.encoded()` would send.
    static func ack(
        namespace: String, echoing arguments: SIOArguments, ackID: UInt64, encoder: SIOPacketEncoder = .init()
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        let text = try encoder.withHeader(.ack, namespace: namespace, ackID: ackID) { header in
            EngineOutboundMessage.text(capacity: header.count + arguments.receivedByteCountHint) { frame in
                frame.writeBytes(header)
                arguments.writeJSONArray(to: &frame)
            }
        }
        return SIOEncodedPacket(text: text)
    }

    /// A CONNECT (with `payload`, e.g. `{"sid": ...}`) or DISCONNECT.
    public static func control(
        _ type: SIOPacketType, namespace: String, payload: JSONValue? = nil, encoder: SIOPacketEncoder = .init()
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        if type == .disconnect {
            try encoder.encodeDisconnect(namespace: namespace, into: &text)
        } else {
            try encoder.encodeConnect(namespace: namespace, payload: payload, into: &text)
        }
        return SIOEncodedPacket(text: .text(utf8: text))
    }

    /// A CONNECT_ERROR `{message, data}`.
    public static func connectError(
        namespace: String, message: String, data: JSONValue? = nil, encoder: SIOPacketEncoder = .init()
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        var text: [UInt8] = []
        try encoder.encodeConnectError(namespace: namespace, message: message, data: data, into: &text)
        return SIOEncodedPacket(text: .text(utf8: text))
    }

    static func make(
        _ type: SIOPacketType, namespace: String, arguments: EncodedArguments, ackID: UInt64?,
        encoder: SIOPacketEncoder
    ) throws(SIOPacketError) -> SIOEncodedPacket {
        var text: [UInt8] = []
        text.reserveCapacity(arguments.json.count + namespace.utf8.count + 24)
        try encoder.encode(
            type, namespace: namespace, ackID: ackID, serializedPayload: arguments.json,
            attachmentCount: arguments.attachments.count, into: &text)
        let attachments = arguments.attachments.map { attachment in
            attachment.withAttachmentBytes { EngineOutboundMessage.binary(bytes: $0) }
        }
        return SIOEncodedPacket(text: .text(utf8: text), attachments: attachments)
    }
}

import EngineParser
import NIOCore

/// One packet waiting for a session's transport: a control packet, the open packet, or an application message.
struct EngineOutPacket: Sendable {
    /// What the packet carries.
    enum Body: Sendable {
        /// Nothing (`2`, `3`, `6`, `1`).
        case none
        /// Short control text (`probe`, the open packet's JSON).
        case text(ByteBuffer)
        /// An application message.
        case message(EngineOutboundMessage)
    }

    /// The packet type.
    var type: EnginePacketType
    /// The data.
    var body: Body
    /// Whether compression (HTTP or permessage-deflate) is allowed for it.
    var compress: Bool

    /// A message packet.
    static func message(_ message: EngineOutboundMessage, compress: Bool) -> EngineOutPacket {
        EngineOutPacket(type: .message, body: .message(message), compress: compress)
    }

    /// A packet without data.
    static func control(_ type: EnginePacketType) -> EngineOutPacket {
        EngineOutPacket(type: type, body: .none, compress: false)
    }

    /// A control packet with short text (`3probe`).
    static func control(_ type: EnginePacketType, text: String) -> EngineOutPacket {
        EngineOutPacket(type: type, body: .text(ByteBuffer(string: text)), compress: false)
    }

    /// Bytes the send queue counts for it (message data only; control packets are bounded by the protocol).
    var queuedBytes: Int {
        switch body {
        case .none, .text: 0
        case .message(let message): message.dataCount
        }
    }

    /// Whether the send queue counts it.
    var isMessage: Bool {
        switch body {
        case .none, .text: false
        case .message: true
        }
    }

    /// Whether the data is binary.
    var isBinary: Bool {
        switch body {
        case .none, .text: false
        case .message(let message): message.isBinary
        }
    }

    /// The reference client's size estimate for payload splitting (see `EngineV4PayloadEncoder.fittingCount`).
    var payloadEstimate: Int {
        switch body {
        case .none: 0
        case .text(let text): text.readableBytes
        case .message(let message):
            message.isBinary ? Int((Double(message.dataCount) * 1.33).rounded(.up)) : message.dataCount
        }
    }

    /// The packet for the payload encoders, its data a view of the stored bytes.
    var enginePacket: EnginePacket<ByteBufferView> {
        switch body {
        case .none: EnginePacket(type: type, data: .text(ByteBufferView()))
        case .text(let text): EnginePacket(type: type, data: .text(text.readableBytesView))
        case .message(let message):
            message.isBinary
                ? EnginePacket(type: type, data: .binary(message.dataView))
                : EnginePacket(type: type, data: .text(message.dataView))
        }
    }
}

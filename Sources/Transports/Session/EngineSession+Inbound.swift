import EngineParser
import NIOCore

extension EngineSession {
    /// What the state machine needs to know about a received packet.
    static func inbound(_ packet: EnginePacket<ByteBufferView>) -> EngineSessionStateMachine.Inbound {
        let type = packet.type
        if type == .message { return .message }
        if type == .ping { return .ping(probe: isProbe(packet.data)) }
        if type == .pong { return .pong(probe: isProbe(packet.data)) }
        if type == .close { return .close }
        if type == .upgrade { return .upgrade }
        if type == .noop { return .noop }
        if type == .open { return .open }
        return .parseError
    }

    /// Whether the data is the text `probe`.
    private static func isProbe(_ data: EnginePacketData<ByteBufferView>) -> Bool {
        guard case .text(let bytes) = data, bytes.count == 5 else { return false }
        return bytes.elementsEqual("probe".utf8)
    }

    /// The handler's view of a message packet's data (text and raw binary stay slices of the input).
    static func message(_ data: EnginePacketData<ByteBufferView>) -> EngineMessage {
        switch data {
        case .text(let bytes): .text(ByteBuffer(bytes))
        case .binary(let bytes): .binary(ByteBuffer(bytes))
        case .decodedBinary(let bytes): .binary(ByteBuffer(bytes: bytes))
        }
    }

    /// Decodes one WebSocket message into a packet, or nil when it is not Engine.IO.
    func decode(_ message: EngineMessage) -> EnginePacket<ByteBufferView>? {
        let options = endpoint.sessionConfig.parserOptions
        switch message {
        case .text(let buffer):
            return try? EnginePacket.decode(text: buffer.readableBytesView, version: protocolVersion, options: options)
        case .binary(let buffer):
            return try? EnginePacket.decode(
                binary: buffer.readableBytesView, version: protocolVersion, options: options)
        }
    }
}

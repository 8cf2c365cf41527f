import EngineParser

/// A packet from the server as the client acts on it (the bytes copied out of the transport's buffer).
enum EngineClientInbound: Sendable {
    case open(EngineHandshake)
    case close
    case ping(String)
    case message(EngineClientMessage)
    /// pong, upgrade, noop: nothing to do.
    case ignored

    /// Converts a decoded packet.
    static func from<Bytes>(_ packet: EnginePacket<Bytes>) throws(EngineError) -> EngineClientInbound {
        switch packet.type {
        case .open: return .open(try EngineHandshake.decode(openPacket: packet))
        case .close: return .close
        case .ping: return .ping(text(packet.data))
        case .message:
            switch packet.data {
            case .text(let bytes): return .message(.text(String(decoding: bytes, as: UTF8.self)))
            case .binary, .decodedBinary: return .message(.binary(packet.data.bytes))
            }
        default: return .ignored
        }
    }

    private static func text<Bytes>(_ data: EnginePacketData<Bytes>) -> String {
        switch data {
        case .text(let bytes): String(decoding: bytes, as: UTF8.self)
        case .binary, .decodedBinary: ""
        }
    }

    /// Decodes a whole polling payload.
    static func decodePayload(_ body: [UInt8], maxBytes: Int) throws(EngineError) -> [EngineClientInbound] {
        var options = EngineParserOptions()
        options.maxPayloadBytes = max(maxBytes, body.count)
        var decoder = EngineV4PayloadDecoder(options: options)
        var slice = body[...]
        var result: [EngineClientInbound] = []
        while let packet = try decoder.next(&slice, isComplete: true) {
            result.append(try from(packet))
        }
        return result
    }

    /// Decodes one WebSocket message.
    static func decode(webSocketText bytes: [UInt8]) throws(EngineError) -> EngineClientInbound {
        try from(EnginePacket.decode(text: bytes[...]))
    }
}

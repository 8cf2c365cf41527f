/// The open packet's payload: the session id, the transports it may upgrade to, the heartbeat timing and the
/// largest payload the server accepts.
public struct EngineHandshake: Hashable, Sendable {
    /// The session id, sent back by the client in the `sid` query parameter.
    public var sid: String
    /// Transports the client may upgrade to (`["websocket"]` from a polling transport, `[]` on WebSocket).
    public var upgrades: [String]
    /// Milliseconds between heartbeats. Default 25_000, the reference server's.
    public var pingInterval: Int
    /// Milliseconds to wait for the heartbeat answer. Default 20_000, the reference server's.
    public var pingTimeout: Int
    /// Bytes per payload the server accepts (`maxHttpBufferSize`). Default 1_000_000, the reference server's; v3
    /// servers do not send it, and decoding then yields this default.
    public var maxPayload: Int

    /// A handshake with the reference server's defaults.
    public init(
        sid: String, upgrades: [String] = [], pingInterval: Int = 25_000, pingTimeout: Int = 20_000,
        maxPayload: Int = 1_000_000
    ) {
        self.sid = sid
        self.upgrades = upgrades
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.maxPayload = maxPayload
    }

    /// Appends the JSON exactly as the reference server writes it (`JSON.stringify` of the keys in this order):
    /// `{"sid":"…","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`.
    public func encodeJSON(into out: inout [UInt8]) {
        appendUTF8("{\"sid\":", to: &out)
        EngineHandshake.appendJSONString(sid, to: &out)
        appendUTF8(",\"upgrades\":[", to: &out)
        for (i, upgrade) in upgrades.enumerated() {
            if i > 0 { out.append(0x2C) }
            EngineHandshake.appendJSONString(upgrade, to: &out)
        }
        appendUTF8("],\"pingInterval\":", to: &out)
        EngineHandshake.appendJSONInteger(pingInterval, to: &out)
        appendUTF8(",\"pingTimeout\":", to: &out)
        EngineHandshake.appendJSONInteger(pingTimeout, to: &out)
        appendUTF8(",\"maxPayload\":", to: &out)
        EngineHandshake.appendJSONInteger(maxPayload, to: &out)
        out.append(0x7D)
    }

    /// Appends the whole open packet (`0` + the JSON), as sent in a polling payload or a WebSocket text message.
    public func encodeOpenPacket(into out: inout [UInt8]) {
        out.append(EnginePacketType.open.digit)
        encodeJSON(into: &out)
    }

    private static func appendJSONInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        appendDecimal(value, to: &out)
    }

    /// Escapes as `JSON.stringify` does: `"` and `\`, the short forms for \b \f \n \r \t, `\u00XX` for other
    /// control characters; everything else as UTF-8.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x08: out.append(0x5C); out.append(0x62)
            case 0x0C: out.append(0x5C); out.append(0x66)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}

/// A frame opcode (RFC 6455 §5.2) around its 4-bit value, so reserved opcodes can be represented and reported.
public struct WSOpcode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 4-bit value (0...15).
    public var rawValue: UInt8

    /// Wraps a value; only the low 4 bits are meaningful.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// 0x0: continues a fragmented message.
    public static let continuation = WSOpcode(rawValue: 0x0)
    /// 0x1: the first frame of a text message.
    public static let text = WSOpcode(rawValue: 0x1)
    /// 0x2: the first frame of a binary message.
    public static let binary = WSOpcode(rawValue: 0x2)
    /// 0x8: connection close.
    public static let close = WSOpcode(rawValue: 0x8)
    /// 0x9: ping.
    public static let ping = WSOpcode(rawValue: 0x9)
    /// 0xA: pong.
    public static let pong = WSOpcode(rawValue: 0xA)

    /// Control opcodes have the high bit of the nibble set (0x8-0xF).
    public var isControl: Bool { rawValue & 0x08 != 0 }

    /// Whether RFC 6455 defines this opcode (the others are reserved and fail the connection).
    public var isDefined: Bool {
        switch rawValue {
        case 0x0, 0x1, 0x2, 0x8, 0x9, 0xA: true
        default: false
        }
    }

    public var description: String {
        switch rawValue {
        case 0x0: "continuation"
        case 0x1: "text"
        case 0x2: "binary"
        case 0x8: "close"
        case 0x9: "ping"
        case 0xA: "pong"
        default: "reserved(0x\(String(rawValue, radix: 16)))"
        }
    }
}

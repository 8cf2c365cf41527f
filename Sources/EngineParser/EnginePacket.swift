/// One Engine.IO packet: a type and its data, which keeps slices of the bytes it was decoded from.
public struct EnginePacket<Bytes: RandomAccessCollection & Sendable>: Sendable, Equatable, CustomStringConvertible
where Bytes.Element == UInt8, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// The packet type.
    public var type: EnginePacketType
    /// The data after the type.
    public var data: EnginePacketData<Bytes>

    /// A packet of `type` carrying `data`.
    @inlinable
    public init(type: EnginePacketType, data: EnginePacketData<Bytes>) {
        self.type = type
        self.data = data
    }

    /// A text packet.
    @inlinable
    public static func text(_ type: EnginePacketType, _ text: Bytes) -> EnginePacket {
        EnginePacket(type: type, data: .text(text))
    }

    /// A binary message packet holding a slice.
    @inlinable
    public static func binary(_ bytes: Bytes) -> EnginePacket {
        EnginePacket(type: .message, data: .binary(bytes))
    }

    /// Equal when the types match, both are text or both binary (in either form), and the bytes match.
    public static func == (lhs: EnginePacket, rhs: EnginePacket) -> Bool {
        guard lhs.type == rhs.type, lhs.data.isBinary == rhs.data.isBinary, lhs.data.count == rhs.data.count else {
            return false
        }
        return lhs.data.withRaw { a in rhs.data.withRaw { b in a.elementsEqual(b) } }
    }

    /// `type` and the data, text shown as text and binary as hex.
    public var description: String {
        switch data {
        case .text(let bytes):
            return "\(type)(\"\(String(decoding: Array(bytes), as: UTF8.self))\")"
        case .binary, .decodedBinary:
            let hex = data.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return "\(type)(<\(hex)>)"
        }
    }
}

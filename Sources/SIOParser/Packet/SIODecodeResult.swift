/// What `SIOPacketDecoder` produced from one Engine.IO message.
public enum SIODecodeResult<Bytes>: Sendable
where Bytes: RandomAccessCollection<UInt8> & Sendable, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// A complete packet.
    case packet(SIOPacket<Bytes>)
    /// A binary packet is waiting for `remaining` more binary messages (its attachments).
    case needsAttachments(remaining: Int)

    /// The packet, if this result is one.
    @inlinable
    public var packet: SIOPacket<Bytes>? {
        switch self {
        case .packet(let packet): packet
        case .needsAttachments: nil
        }
    }
}

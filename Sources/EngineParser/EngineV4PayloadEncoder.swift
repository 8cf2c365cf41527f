/// Encodes Engine.IO v4 polling payloads: packets in text form joined by `\x1e`, binary as `b` + base64.
public enum EngineV4PayloadEncoder {
    /// Appends all of `packets` as one payload.
    @inlinable
    public static func encode<Bytes>(_ packets: some Sequence<EnginePacket<Bytes>>, into out: inout [UInt8]) {
        var first = true
        for packet in packets {
            if !first { out.append(0x1E) }
            first = false
            packet.encodeText(version: .v4, into: &out)
        }
    }

    /// Appends as many leading `packets` as fit in `maxPayload` and returns how many were written; the caller sends
    /// the rest in the next payload.
    ///
    /// The rule is the reference client's (engine.io-client `Socket._getWritablePackets`), so a Swift client splits
    /// exactly where a JavaScript one would and a server sized for that client accepts it:
    /// - the estimate starts at 1 (the first packet's type byte);
    /// - each packet adds its data length: UTF-8 bytes for text, `ceil(bytes * 1.33)` for binary (the reference's
    ///   base64 estimate, computed in the same double arithmetic; it omits the `b` prefix and padding, so a
    ///   binary-heavy payload may exceed the budget by a few bytes, exactly as the reference does);
    /// - if that total exceeds `maxPayload` and this is not the first packet, stop before this packet;
    /// - otherwise add 2 (the separator and the next packet's type byte) and continue.
    ///
    /// The first packet is always written, however large, so nothing stalls; and with one packet, or no budget
    /// (`maxPayload <= 0`, the reference's "no maxPayload announced"), everything is written.
    ///
    /// Only the reference client splits: the reference server (engine.io `Socket.flush`) writes its whole buffer
    /// into one response. A server may still use this rule to bound its responses.
    @inlinable @discardableResult
    public static func encode<Bytes>(
        _ packets: some Collection<EnginePacket<Bytes>>, maxPayload: Int, into out: inout [UInt8]
    ) -> Int {
        let count = fittingCount(packets, maxPayload: maxPayload)
        encode(packets.prefix(count), into: &out)
        return count
    }

    /// How many leading `packets` the reference client's rule (see `encode(_:maxPayload:into:)`) puts in one payload.
    @inlinable
    public static func fittingCount<Bytes>(_ packets: some Collection<EnginePacket<Bytes>>, maxPayload: Int) -> Int {
        guard maxPayload > 0, packets.count > 1 else { return packets.count }
        var size = 1
        var index = 0
        for packet in packets {
            switch packet.data {
            case .text(let bytes):
                size += bytes.count
            case .binary, .decodedBinary:
                size += Int((Double(packet.data.count) * 1.33).rounded(.up))
            }
            if index > 0, size > maxPayload { return index }
            size += 2
            index += 1
        }
        return index
    }
}

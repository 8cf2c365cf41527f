/// Encodes Engine.IO v3 polling payloads, in the text form or the binary (XHR2) form.
public enum EngineV3PayloadEncoder {
    /// Appends `packets` as a text payload: `<UTF-16 length>:<packet>` each, binary as `b<type digit><base64>`;
    /// no packets at all is `0:`, as the reference writes it.
    @inlinable
    public static func encodeText<Bytes>(_ packets: some Sequence<EnginePacket<Bytes>>, into out: inout [UInt8]) {
        var any = false
        for packet in packets {
            any = true
            switch packet.data {
            case .text(let bytes):
                let units = 1 + withRawBytes(bytes, UTF8Scan.utf16Count)
                appendDecimal(units, to: &out)
            case .binary, .decodedBinary:
                // Base64 is ASCII: one code unit per byte.
                appendDecimal(packet.textEncodedCount(version: .v3), to: &out)
            }
            out.append(0x3A)
            packet.encodeText(version: .v3, into: &out)
        }
        if !any {
            out.append(0x30)
            out.append(0x3A)
        }
    }

    /// Appends `packets` as a binary payload: text packets as string records (`0`, byte length, `0xFF`, UTF-8),
    /// binary ones as binary records (`1`, byte length including the type byte, `0xFF`, type byte, data).
    /// No packets at all is an empty body, as the reference writes it.
    @inlinable
    public static func encodeBinary<Bytes>(_ packets: some Sequence<EnginePacket<Bytes>>, into out: inout [UInt8]) {
        for packet in packets {
            switch packet.data {
            case .text(let bytes):
                out.append(0)
                appendDecimal(1 + bytes.count, raw: true, to: &out)
                out.append(0xFF)
                out.append(packet.type.digit)
                withRawBytes(bytes) { out.append(contentsOf: $0) }
            case .binary, .decodedBinary:
                out.append(1)
                appendDecimal(1 + packet.data.count, raw: true, to: &out)
                out.append(0xFF)
                out.append(packet.type.rawValue)
                packet.data.withRaw { out.append(contentsOf: $0) }
            }
        }
    }
}

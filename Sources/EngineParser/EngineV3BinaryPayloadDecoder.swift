/// Streaming decoder for an Engine.IO v3 binary (XHR2) polling payload: records
/// `<0 string | 1 binary><length digits as bytes 0...9><0xFF><data>`, where the length counts bytes.
///
/// A string record holds a text packet (`<type digit><text>` in UTF-8, or `b<type><base64>`); a binary record holds
/// the packet type byte followed by the data, which stays a slice of the input. Same contract as
/// `EngineV4PayloadDecoder`; an empty body is an empty payload (what the reference writes for no packets).
public struct EngineV3BinaryPayloadDecoder: Sendable {
    /// The limits this decoder enforces.
    public let options: EngineParserOptions
    /// Bytes already consumed from the front of the payload.
    public private(set) var consumed = 0
    /// Packets returned so far.
    public private(set) var packetCount = 0
    /// Whether the whole payload has been decoded.
    public private(set) var isFinished = false

    /// A decoder enforcing `options`.
    public init(options: EngineParserOptions = EngineParserOptions()) {
        self.options = options
    }

    /// The next packet, or nil when more bytes are needed (or the payload is finished).
    public mutating func next<Bytes>(
        _ buffer: inout Bytes, isComplete: Bool
    ) throws(EngineError) -> EnginePacket<Bytes>?
    where Bytes: RandomAccessCollection & Sendable, Bytes.Element == UInt8, Bytes.Index == Int,
          Bytes.SubSequence == Bytes {
        if isFinished {
            guard buffer.isEmpty else { throw .truncatedPayload.at(consumed, "bytes after the end of the payload") }
            return nil
        }
        let start = buffer.startIndex
        guard start < buffer.endIndex else {
            if isComplete { isFinished = true }
            return nil
        }
        let kind = buffer[start]
        guard kind <= 1 else { throw .invalidRecordKind.at(consumed, "record kind \(kind)") }
        let base = consumed
        let header = try withRawBytes(buffer) { p in
            EngineV3PayloadDecoder.readHeader(p, at: 1, terminator: 0xFF, rawDigits: true,
                                              options: options, base: base + 1)
        }.get()
        let limit = options.maxPayloadBytes
        guard let (length, digitsLength) = header else {
            if isComplete { throw .truncatedPayload.at(consumed + buffer.count, "payload ends inside a length") }
            return nil
        }
        let dataStart = 1 + digitsLength
        guard length > 0 else { throw .emptyPacket.at(consumed + dataStart, "zero-length record") }
        if dataStart + length > limit - consumed {
            throw .payloadTooLarge.at(limit, "payload exceeds \(limit) bytes")
        }
        guard buffer.count >= dataStart + length else {
            if isComplete {
                throw .truncatedPayload.at(consumed + buffer.count, "payload ends inside a \(length)-byte record")
            }
            return nil
        }
        guard packetCount < options.maxPacketsPerPayload else {
            throw .tooManyPackets.at(consumed, "more than \(options.maxPacketsPerPayload) packets")
        }
        let record = buffer[(start + dataStart)..<(start + dataStart + length)]
        let packet: EnginePacket<Bytes>
        if kind == 0 {
            packet = try EnginePacket.decodeRecord(record, version: .v3, validateUTF8: true, base: consumed + dataStart)
        } else {
            packet = try EnginePacket.decodeV3BinaryRecord(record, base: consumed + dataStart)
        }
        buffer = buffer[(start + dataStart + length)...]
        consumed += dataStart + length
        packetCount += 1
        return packet
    }
}

/// Streaming decoder for an Engine.IO v4 polling payload: packets in text form separated by `\x1e`.
///
/// Feed it the body as it arrives: `next` returns a packet and removes its bytes (and its separator) from the front
/// of `buffer`, or returns nil to ask for more bytes and leaves `buffer` as it was. Between calls the caller may
/// only append to `buffer`. With `isComplete: true` the bytes after the last separator are the final packet; once
/// that is returned (or the payload is found to hold nothing more) `next` keeps returning nil and `isFinished` is
/// true. After an error the payload must be discarded.
public struct EngineV4PayloadDecoder: Sendable {
    /// The limits this decoder enforces.
    public let options: EngineParserOptions
    /// Bytes already consumed from the front of the payload (for error offsets and the size limit).
    public private(set) var consumed = 0
    /// Packets returned so far.
    public private(set) var packetCount = 0
    /// Whether the whole payload has been decoded.
    public private(set) var isFinished = false
    /// Bytes at the front of the buffer already searched for a separator, so a slow sender is not rescanned.
    private var scanned = 0

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
        let count = buffer.count
        let from = scanned <= count ? scanned : 0
        let separator = withRawBytes(buffer) { firstIndex(of: 0x1E, in: $0, from: from) }
        let recordLength = separator ?? count
        // The record (and its separator) must fit in what is left of the payload budget.
        let limit = options.maxPayloadBytes
        if recordLength > limit - consumed || (separator != nil && recordLength + 1 > limit - consumed) {
            throw .payloadTooLarge.at(limit, "payload exceeds \(limit) bytes")
        }
        if separator == nil && !isComplete {
            scanned = count
            return nil
        }
        if separator == nil && count == 0 {
            throw packetCount == 0
                ? .emptyPayload.at(consumed)
                : .emptyPacket.at(consumed, "payload ends with a separator")
        }
        guard packetCount < options.maxPacketsPerPayload else {
            throw .tooManyPackets.at(consumed, "more than \(options.maxPacketsPerPayload) packets")
        }
        let start = buffer.startIndex
        let record = buffer[start..<(start + recordLength)]
        let packet = try EnginePacket.decodeRecord(
            record, version: .v4, validateUTF8: options.validateUTF8, base: consumed)
        let used = separator == nil ? recordLength : recordLength + 1
        buffer = buffer[(start + used)...]
        consumed += used
        packetCount += 1
        scanned = 0
        if separator == nil { isFinished = true }
        return packet
    }
}

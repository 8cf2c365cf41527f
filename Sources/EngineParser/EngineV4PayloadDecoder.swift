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
    @inlinable
    public mutating func next<Bytes>(
        _ buffer: inout Bytes, isComplete: Bool
    ) throws(EngineError) -> EnginePacket<Bytes>?
    where Bytes: RandomAccessCollection & Sendable, Bytes.Element == UInt8, Bytes.Index == Int,
          Bytes.SubSequence == Bytes {
        switch withRawBytes(buffer, { step($0, isComplete: isComplete) }) {
        case .none(let used):
            buffer = buffer[(buffer.startIndex + used)...]
            return nil
        case .record(let record, let used):
            let packet = record.packet(in: buffer)
            buffer = buffer[(buffer.startIndex + used)...]
            return packet
        case .failure(let error):
            throw error
        }
    }

    /// One step over the buffered bytes `p` (non-generic: the scanning is compiled once).
    @usableFromInline
    mutating func step(_ p: UnsafeRawBufferPointer, isComplete: Bool) -> DecodeStep {
        if isFinished {
            guard p.isEmpty else { return .failure(.truncatedPayload.at(consumed, "bytes after the end of the payload")) }
            return .none(consumed: 0)
        }
        let count = p.count
        let separator = firstIndex(of: 0x1E, in: p, from: scanned <= count ? scanned : 0)
        let recordLength = separator ?? count
        // The record (and its separator) must fit in what is left of the payload budget.
        let limit = options.maxPayloadBytes
        let used = separator == nil ? recordLength : recordLength + 1
        if used > limit - consumed {
            return .failure(.payloadTooLarge.at(limit, "payload exceeds \(limit) bytes"))
        }
        if separator == nil && !isComplete {
            scanned = count
            return .none(consumed: 0)
        }
        if separator == nil && count == 0 {
            return .failure(packetCount == 0
                ? .emptyPayload.at(consumed)
                : .emptyPacket.at(consumed, "payload ends with a separator"))
        }
        guard packetCount < options.maxPacketsPerPayload else {
            return .failure(.tooManyPackets.at(consumed, "more than \(options.maxPacketsPerPayload) packets"))
        }
        let found: RawRecord
        switch RawRecord.text(
            p, from: 0, to: recordLength, version: .v4, validateUTF8: options.validateUTF8, base: consumed) {
        case .success(let record): found = record
        case .failure(let error): return .failure(error)
        }
        consumed += used
        packetCount += 1
        scanned = 0
        if separator == nil { isFinished = true }
        return .record(found, consumed: used)
    }
}

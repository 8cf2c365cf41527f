/// Streaming decoder for an Engine.IO v3 text polling payload: records `<length>:<packet>`, where the length counts
/// UTF-16 code units (as JavaScript strings do), not bytes; binary packets appear as `b<type digit><base64>`.
///
/// Same contract as `EngineV4PayloadDecoder`: nil asks for more bytes and leaves `buffer` as it was; a packet
/// removes its record from the front; the caller only appends between calls. Zero-length records (`0:`, what the
/// reference writes for an empty payload) carry no packet and are consumed together with the next packet.
public struct EngineV3PayloadDecoder: Sendable {
    /// The limits this decoder enforces.
    public let options: EngineParserOptions
    /// Bytes already consumed from the front of the payload.
    public private(set) var consumed = 0
    /// Packets returned so far.
    public private(set) var packetCount = 0
    /// Whether the whole payload has been decoded.
    public private(set) var isFinished = false
    /// Where the last call stopped inside the record at the front, so a slow sender is not rescanned.
    private var resume = Resume()

    private struct Resume: Sendable {
        /// Bytes of empty (`0:`) records before the current record.
        var skipped = 0
        /// Whether any record at all was seen (an empty body is an error, `0:` is not).
        var sawRecord = false
        /// Bytes of the current record's content already counted, and the code units in them.
        var contentScanned = 0
        var contentUnits = 0
    }

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
        if resume.skipped > p.count || resume.contentScanned > p.count { resume = Resume() }
        let limit = options.maxPayloadBytes
        while true {
            let recordStart = resume.skipped
            let base = consumed + recordStart
            let header: (Int, Int)?
            switch EngineV3PayloadDecoder.readHeader(
                p, at: recordStart, terminator: 0x3A, rawDigits: false, options: options, base: base) {
            case .success(let h): header = h
            case .failure(let error): return .failure(error)
            }
            guard let (length, headerLength) = header else {
                // Empty records and a partial length are all that is buffered; they count against the budget too.
                if p.count > limit - consumed {
                    return .failure(.payloadTooLarge.at(limit, "payload exceeds \(limit) bytes"))
                }
                if !isComplete { return .none(consumed: 0) }
                if p.count == recordStart {
                    guard resume.sawRecord else { return .failure(.emptyPayload.at(consumed)) }
                    consumed += recordStart
                    isFinished = true
                    return .none(consumed: recordStart)
                }
                return .failure(.truncatedPayload.at(consumed + p.count, "payload ends inside a length"))
            }
            resume.sawRecord = true
            let contentStart = recordStart + headerLength
            if length == 0 {
                resume.skipped = contentStart
                continue
            }
            if resume.contentScanned < contentStart {
                resume.contentScanned = contentStart
                resume.contentUnits = 0
            }
            switch UTF8Scan.countUnits(p, from: resume.contentScanned, units: resume.contentUnits, target: length) {
            case .needMore(let scanned, let units):
                if p.count > limit - consumed {
                    return .failure(.payloadTooLarge.at(limit, "payload exceeds \(limit) bytes"))
                }
                if isComplete {
                    return .failure(.truncatedPayload.at(
                        consumed + p.count, "payload ends inside a \(length)-unit packet"))
                }
                resume.contentScanned = scanned
                resume.contentUnits = units
                return .none(consumed: 0)
            case .invalid(let offset):
                return .failure(.invalidUTF8.at(consumed + offset))
            case .splitsCharacter(let offset):
                return .failure(.lengthSplitsCharacter.at(
                    consumed + offset, "length \(length) ends inside a surrogate pair"))
            case .reached(let end):
                if end > limit - consumed { return .failure(.payloadTooLarge.at(limit, "payload exceeds \(limit) bytes")) }
                guard packetCount < options.maxPacketsPerPayload else {
                    return .failure(.tooManyPackets.at(base, "more than \(options.maxPacketsPerPayload) packets"))
                }
                switch RawRecord.text(p, from: contentStart, to: end, version: .v3, validateUTF8: false, base: consumed) {
                case .success(let record):
                    consumed += end
                    packetCount += 1
                    resume = Resume(sawRecord: true)
                    return .record(record, consumed: end)
                case .failure(let error):
                    return .failure(error)
                }
            }
        }
    }

    /// Reads `<digits><terminator>` at `start`: the length and the header's byte count, nil if the bytes end first.
    /// Digits are ASCII (`rawDigits == false`) or byte values 0...9. The value is checked against the payload limit
    /// digit by digit, so a hostile length is refused before anything is buffered for it.
    static func readHeader(
        _ p: UnsafeRawBufferPointer, at start: Int, terminator: UInt8, rawDigits: Bool,
        options: EngineParserOptions, base: Int
    ) -> Result<(Int, Int)?, EngineError> {
        var i = start
        var value = 0
        let zero: UInt8 = rawDigits ? 0 : 0x30
        while i < p.count {
            let byte = p[i]
            if byte == terminator {
                if i == start { return .failure(.invalidLength.at(base, "empty length")) }
                return .success((value, i + 1 - start))
            }
            let digit = byte &- zero
            guard digit <= 9 else {
                return .failure(.invalidLength.at(base + i - start, "byte \(byte) in a length"))
            }
            if i - start >= options.maxLengthDigits {
                return .failure(.lengthTooLong.at(base + i - start, "more than \(options.maxLengthDigits) digits"))
            }
            // Overflow counts as too large, whatever limits the caller chose.
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int(digit))
            value = next
            if o1 || o2 || value > options.maxPayloadBytes {
                return .failure(.payloadTooLarge.at(base + i - start, "length exceeds \(options.maxPayloadBytes)"))
            }
            i += 1
        }
        return .success(nil)
    }
}

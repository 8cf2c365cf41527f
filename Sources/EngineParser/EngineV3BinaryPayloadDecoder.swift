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
        guard let kind = p.first else {
            if isComplete { isFinished = true }
            return .none(consumed: 0)
        }
        guard kind <= 1 else { return .failure(.invalidRecordKind.at(consumed, "record kind \(kind)")) }
        let limit = options.maxPayloadBytes
        let header: (Int, Int)?
        switch EngineV3PayloadDecoder.readHeader(
            p, at: 1, terminator: 0xFF, rawDigits: true, options: options, base: consumed + 1) {
        case .success(let h): header = h
        case .failure(let error): return .failure(error)
        }
        guard let (length, digitsLength) = header else {
            if isComplete { return .failure(.truncatedPayload.at(consumed + p.count, "payload ends inside a length")) }
            return .none(consumed: 0)
        }
        let dataStart = 1 + digitsLength
        guard length > 0 else { return .failure(.emptyPacket.at(consumed + dataStart, "zero-length record")) }
        // Compared before adding, so no limit the caller picks can overflow the sum.
        if length > limit - consumed - dataStart {
            return .failure(.payloadTooLarge.at(limit, "payload exceeds \(limit) bytes"))
        }
        let end = dataStart + length
        guard p.count >= end else {
            if isComplete {
                return .failure(.truncatedPayload.at(consumed + p.count, "payload ends inside a \(length)-byte record"))
            }
            return .none(consumed: 0)
        }
        guard packetCount < options.maxPacketsPerPayload else {
            return .failure(.tooManyPackets.at(consumed, "more than \(options.maxPacketsPerPayload) packets"))
        }
        let record = kind == 0
            ? RawRecord.text(p, from: dataStart, to: end, version: .v3, validateUTF8: true, base: consumed)
            : RawRecord.v3Binary(p, from: dataStart, to: end, base: consumed)
        switch record {
        case .success(let found):
            consumed += end
            packetCount += 1
            return .record(found, consumed: end)
        case .failure(let error):
            return .failure(error)
        }
    }
}

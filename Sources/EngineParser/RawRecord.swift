/// A decoded packet described by offsets into the bytes it came from. The scanning code that finds it is non-generic
/// (compiled once, over raw pointers); the generic layer only turns the offsets into slices of the caller's bytes.
@usableFromInline
struct RawRecord: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case text, binary, decoded
    }

    @usableFromInline var type: EnginePacketType
    @usableFromInline var kind: Kind
    /// Data range, in bytes from the start of the buffer that was scanned.
    @usableFromInline var start: Int
    @usableFromInline var end: Int
    /// Bytes decoded from base64 (only for `.decoded`).
    @usableFromInline var decoded: [UInt8]

    init(type: EnginePacketType, kind: Kind, start: Int, end: Int, decoded: [UInt8] = []) {
        self.type = type
        self.kind = kind
        self.start = start
        self.end = end
        self.decoded = decoded
    }

    /// The packet, its data sliced from `buffer` (the bytes that were scanned).
    @inlinable
    func packet<Bytes>(in buffer: Bytes) -> EnginePacket<Bytes> {
        let s = buffer.startIndex
        switch kind {
        case .text: return EnginePacket(type: type, data: .text(buffer[(s + start)..<(s + end)]))
        case .binary: return EnginePacket(type: type, data: .binary(buffer[(s + start)..<(s + end)]))
        case .decoded: return EnginePacket(type: type, data: .decodedBinary(decoded))
        }
    }

    /// Decodes the text-form record `p[from..<to]`: `<type digit>[<text>]`, or `b<base64>` (v4) /
    /// `b<type digit><base64>` (v3). `base` is the offset of `p[0]` in the payload, for errors.
    @usableFromInline
    static func text(
        _ p: UnsafeRawBufferPointer, from: Int, to: Int, version: EngineProtocolVersion, validateUTF8: Bool, base: Int
    ) -> Result<RawRecord, EngineError> {
        guard from < to else { return .failure(.emptyPacket.at(base + from)) }
        let first = p[from]
        if first == 0x62 {
            var type = EnginePacketType.message
            var bodyStart = from + 1
            if version == .v3 {
                guard bodyStart < to else { return .failure(.invalidPacketType.at(base + bodyStart, "b without a type")) }
                switch packetType(digit: p[bodyStart], offset: base + bodyStart) {
                case .success(let t): type = t
                case .failure(let error): return .failure(error)
                }
                bodyStart += 1
            }
            switch Base64.decode(UnsafeRawBufferPointer(rebasing: p[bodyStart..<to])) {
            case .success(let decoded):
                return .success(RawRecord(type: type, kind: .decoded, start: 0, end: 0, decoded: decoded))
            case .failure(let error):
                return .failure(error.at(base + bodyStart + error.offset, error.detail))
            }
        }
        let type: EnginePacketType
        switch packetType(digit: first, offset: base + from) {
        case .success(let t): type = t
        case .failure(let error): return .failure(error)
        }
        if validateUTF8, let bad = UTF8Scan.firstInvalid(UnsafeRawBufferPointer(rebasing: p[(from + 1)..<to])) {
            return .failure(.invalidUTF8.at(base + from + 1 + bad))
        }
        return .success(RawRecord(type: type, kind: .text, start: from + 1, end: to))
    }

    /// Decodes the v3 binary record `p[from..<to]`: the type byte, then the data.
    @usableFromInline
    static func v3Binary(_ p: UnsafeRawBufferPointer, from: Int, to: Int, base: Int) -> Result<RawRecord, EngineError> {
        guard from < to else { return .failure(.emptyPacket.at(base + from, "binary message without a type byte")) }
        let type = EnginePacketType(rawValue: p[from])
        guard type.isKnown else { return .failure(.unknownPacketType.at(base + from, "packet type byte \(type.rawValue)")) }
        return .success(RawRecord(type: type, kind: .binary, start: from + 1, end: to))
    }

    /// The packet type named by an ASCII digit, which must be 0...6.
    static func packetType(digit: UInt8, offset: Int) -> Result<EnginePacketType, EngineError> {
        guard digit >= 0x30, digit <= 0x39 else {
            return .failure(.invalidPacketType.at(offset, "byte \(digit) is not a packet type digit"))
        }
        let type = EnginePacketType(rawValue: digit - 0x30)
        guard type.isKnown else { return .failure(.unknownPacketType.at(offset, "packet type \(type.rawValue)")) }
        return .success(type)
    }
}

/// What one step of a streaming decoder found.
@usableFromInline
enum DecodeStep: Sendable {
    /// No packet: more bytes are needed (`consumed` is 0), or the payload is finished (after `consumed` bytes of
    /// empty records).
    case none(consumed: Int)
    /// A packet, and how many bytes to remove from the front of the buffer.
    case record(RawRecord, consumed: Int)
    case failure(EngineError)
}

/// A malformed or over-limit Engine.IO packet or payload: what was wrong, and the byte offset where it was found.
///
/// Offsets count from the first byte of the packet or payload the decoder was given (for streaming decoders, from the
/// first byte of the whole payload, across calls).
public struct EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable {
        case emptyPayload, emptyPacket, invalidPacketType, unknownPacketType, invalidBase64, invalidUTF8
        case payloadTooLarge, tooManyPackets, invalidLength, lengthTooLong, truncatedPayload
        case lengthSplitsCharacter, invalidRecordKind, invalidHandshake
    }

    private let code: Code
    /// Byte offset of the problem, from the start of the packet or payload.
    public let offset: Int
    /// Human-readable detail (not part of equality between error kinds; see `isSameKind`).
    public let detail: String

    private init(_ code: Code, offset: Int, detail: String) {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    /// A payload (or WebSocket message) with no bytes at all, where at least one packet is required.
    public static let emptyPayload = EngineError(.emptyPayload, offset: 0, detail: "empty payload")
    /// A packet with no bytes (for example two separators in a row, or a trailing separator).
    public static let emptyPacket = EngineError(.emptyPacket, offset: 0, detail: "empty packet")
    /// The first byte of a packet is not a packet type digit (nor `b` where base64 is allowed).
    public static let invalidPacketType = EngineError(.invalidPacketType, offset: 0, detail: "invalid packet type")
    /// A packet type digit or byte outside 0...6.
    public static let unknownPacketType = EngineError(.unknownPacketType, offset: 0, detail: "unknown packet type")
    /// A `b` packet whose body is not valid base64.
    public static let invalidBase64 = EngineError(.invalidBase64, offset: 0, detail: "invalid base64")
    /// Text that is not valid UTF-8.
    public static let invalidUTF8 = EngineError(.invalidUTF8, offset: 0, detail: "invalid UTF-8")
    /// The payload (or one packet) exceeds `EngineParserOptions.maxPayloadBytes`.
    public static let payloadTooLarge = EngineError(.payloadTooLarge, offset: 0, detail: "payload too large")
    /// The payload holds more than `EngineParserOptions.maxPacketsPerPayload` packets.
    public static let tooManyPackets = EngineError(.tooManyPackets, offset: 0, detail: "too many packets")
    /// A v3 length prefix that is not a decimal number followed by its terminator.
    public static let invalidLength = EngineError(.invalidLength, offset: 0, detail: "invalid length")
    /// A v3 length prefix with more digits than `EngineParserOptions.maxLengthDigits`.
    public static let lengthTooLong = EngineError(.lengthTooLong, offset: 0, detail: "length has too many digits")
    /// The payload ended in the middle of a packet.
    public static let truncatedPayload = EngineError(.truncatedPayload, offset: 0, detail: "truncated payload")
    /// A v3 character count that ends inside a surrogate pair (a 4-byte UTF-8 sequence).
    public static let lengthSplitsCharacter = EngineError(
        .lengthSplitsCharacter, offset: 0, detail: "length ends inside a character")
    /// A v3 binary payload record that starts with neither 0 (string) nor 1 (binary).
    public static let invalidRecordKind = EngineError(.invalidRecordKind, offset: 0, detail: "invalid record kind")
    /// An open packet whose JSON handshake is malformed or lacks a required key.
    public static let invalidHandshake = EngineError(.invalidHandshake, offset: 0, detail: "invalid handshake")

    /// The same kind of error, found at `offset`, with a more specific `detail`.
    public func at(_ offset: Int, _ detail: String? = nil) -> EngineError {
        EngineError(code, offset: offset, detail: detail ?? self.detail)
    }

    /// Whether both errors are the same kind, whatever their offset and detail.
    public func isSameKind(as other: EngineError) -> Bool { code == other.code }

    /// Equal when the kind and the offset match; the detail is explanation only.
    public static func == (lhs: EngineError, rhs: EngineError) -> Bool {
        lhs.code == rhs.code && lhs.offset == rhs.offset
    }

    /// Hashes the kind and the offset.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(offset)
    }

    /// `"<detail> at offset <n>"`.
    public var description: String { "EngineError(\(detail) at offset \(offset))" }

    /// A short stable name for the kind, used by the test vectors.
    public var name: String {
        switch code {
        case .emptyPayload: "emptyPayload"
        case .emptyPacket: "emptyPacket"
        case .invalidPacketType: "invalidPacketType"
        case .unknownPacketType: "unknownPacketType"
        case .invalidBase64: "invalidBase64"
        case .invalidUTF8: "invalidUTF8"
        case .payloadTooLarge: "payloadTooLarge"
        case .tooManyPackets: "tooManyPackets"
        case .invalidLength: "invalidLength"
        case .lengthTooLong: "lengthTooLong"
        case .truncatedPayload: "truncatedPayload"
        case .lengthSplitsCharacter: "lengthSplitsCharacter"
        case .invalidRecordKind: "invalidRecordKind"
        case .invalidHandshake: "invalidHandshake"
        }
    }
}

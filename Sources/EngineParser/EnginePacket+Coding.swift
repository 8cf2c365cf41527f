extension EnginePacket {
    /// Decodes one packet from a WebSocket text message (or one record of a polling payload).
    ///
    /// `<type digit>[<text>]`, or `b<base64>` for binary (v4) / `b<type digit><base64>` (v3). The text stays a slice
    /// of `text`; base64 is decoded into new bytes.
    public static func decode(
        text: Bytes, version: EngineProtocolVersion = .v4, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EnginePacket {
        guard text.count <= options.maxPayloadBytes else {
            throw .payloadTooLarge.at(options.maxPayloadBytes, "message of \(text.count) bytes")
        }
        return try decodeRecord(text, version: version, validateUTF8: options.validateUTF8, base: 0)
    }

    /// Decodes one packet from a WebSocket binary message: v4 carries a message's bytes as they are; v3 puts the
    /// packet type byte (0x04 for a message) first.
    public static func decode(
        binary: Bytes, version: EngineProtocolVersion = .v4, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EnginePacket {
        guard binary.count <= options.maxPayloadBytes else {
            throw .payloadTooLarge.at(options.maxPayloadBytes, "message of \(binary.count) bytes")
        }
        if version == .v3 { return try decodeV3BinaryRecord(binary, base: 0) }
        return EnginePacket(type: .message, data: .binary(binary))
    }

    /// Appends this packet as one WebSocket message and says which frame type to send it in: text packets as
    /// `<type digit><text>`, binary data raw (v4) or behind its type byte (v3).
    @discardableResult
    public func encodeWebSocket(version: EngineProtocolVersion = .v4, into out: inout [UInt8]) -> EngineMessageKind {
        switch data {
        case .text(let bytes):
            out.append(type.digit)
            out.append(contentsOf: bytes)
            return .text
        case .binary, .decodedBinary:
            if version == .v3 { out.append(type.rawValue) }
            data.withBytes { out.append(contentsOf: $0) }
            return .binary
        }
    }

    /// Appends this packet in its text form, as in a polling payload: binary data becomes `b` + base64 (v4, where
    /// binary is always a message) or `b<type digit>` + base64 (v3).
    public func encodeText(version: EngineProtocolVersion = .v4, into out: inout [UInt8]) {
        switch data {
        case .text(let bytes):
            out.append(type.digit)
            out.append(contentsOf: bytes)
        case .binary, .decodedBinary:
            out.append(0x62)
            if version == .v3 { out.append(type.digit) }
            data.withBytes { Base64.encode($0, into: &out) }
        }
    }

    /// Bytes `encodeText` would write.
    func textEncodedCount(version: EngineProtocolVersion) -> Int {
        switch data {
        case .text(let bytes): 1 + bytes.count
        case .binary, .decodedBinary: (version == .v3 ? 2 : 1) + Base64.encodedCount(data.count)
        }
    }

    /// Decodes one text record; `base` is the record's offset in the payload, for errors.
    static func decodeRecord(
        _ bytes: Bytes, version: EngineProtocolVersion, validateUTF8: Bool, base: Int
    ) throws(EngineError) -> EnginePacket {
        let start = bytes.startIndex
        guard start < bytes.endIndex else { throw .emptyPacket.at(base) }
        let first = bytes[start]
        if first == 0x62 {
            var type = EnginePacketType.message
            var bodyStart = start + 1
            if version == .v3 {
                guard bodyStart < bytes.endIndex else { throw .invalidPacketType.at(base + 1, "b without a type") }
                type = try packetType(digit: bytes[bodyStart], offset: base + 1)
                bodyStart += 1
            }
            switch withRawBytes(bytes[bodyStart...], Base64.decode) {
            case .success(let decoded):
                return EnginePacket(type: type, data: .decodedBinary(decoded))
            case .failure(let error):
                throw error.at(base + (bodyStart - start) + error.offset, error.detail)
            }
        }
        let type = try packetType(digit: first, offset: base)
        let text = bytes[(start + 1)...]
        if validateUTF8, let bad = withRawBytes(text, UTF8Scan.firstInvalid) {
            throw .invalidUTF8.at(base + 1 + bad)
        }
        return EnginePacket(type: type, data: .text(text))
    }

    /// Decodes a v3 binary record: the type byte, then the data as a slice.
    static func decodeV3BinaryRecord(_ bytes: Bytes, base: Int) throws(EngineError) -> EnginePacket {
        let start = bytes.startIndex
        guard start < bytes.endIndex else { throw .emptyPacket.at(base, "binary message without a type byte") }
        let type = EnginePacketType(rawValue: bytes[start])
        guard type.isKnown else { throw .unknownPacketType.at(base, "packet type byte \(type.rawValue)") }
        return EnginePacket(type: type, data: .binary(bytes[(start + 1)...]))
    }

    /// The packet type named by an ASCII digit, which must be 0...6.
    static func packetType(digit: UInt8, offset: Int) throws(EngineError) -> EnginePacketType {
        guard digit >= 0x30, digit <= 0x39 else {
            throw .invalidPacketType.at(offset, "byte \(digit) is not a packet type digit")
        }
        let type = EnginePacketType(rawValue: digit - 0x30)
        guard type.isKnown else { throw .unknownPacketType.at(offset, "packet type \(type.rawValue)") }
        return type
    }
}

extension EnginePacket {
    /// Decodes one packet from a WebSocket text message (or one record of a polling payload).
    ///
    /// `<type digit>[<text>]`, or `b<base64>` for binary (v4) / `b<type digit><base64>` (v3). The text stays a slice
    /// of `text`; base64 is decoded into new bytes.
    @inlinable
    public static func decode(
        text: Bytes, version: EngineProtocolVersion = .v4, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EnginePacket {
        let result = withRawBytes(text) { p in
            RawRecord.message(p, binary: false, version: version, options: options)
        }
        return try result.get().packet(in: text)
    }

    /// Decodes one packet from a WebSocket binary message: v4 carries a message's bytes as they are; v3 puts the
    /// packet type byte (0x04 for a message) first.
    @inlinable
    public static func decode(
        binary: Bytes, version: EngineProtocolVersion = .v4, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EnginePacket {
        let result = withRawBytes(binary) { p in
            RawRecord.message(p, binary: true, version: version, options: options)
        }
        return try result.get().packet(in: binary)
    }

    /// Appends this packet as one WebSocket message and says which frame type to send it in: text packets as
    /// `<type digit><text>`, binary data raw (v4) or behind its type byte (v3).
    @inlinable @discardableResult
    public func encodeWebSocket(version: EngineProtocolVersion = .v4, into out: inout [UInt8]) -> EngineMessageKind {
        switch data {
        case .text(let bytes):
            out.append(type.digit)
            withRawBytes(bytes) { out.append(contentsOf: $0) }
            return .text
        case .binary, .decodedBinary:
            if version == .v3 { out.append(type.rawValue) }
            data.withRaw { out.append(contentsOf: $0) }
            return .binary
        }
    }

    /// Appends this packet in its text form, as in a polling payload: binary data becomes `b` + base64 (v4, where
    /// binary is always a message) or `b<type digit>` + base64 (v3).
    @inlinable
    public func encodeText(version: EngineProtocolVersion = .v4, into out: inout [UInt8]) {
        switch data {
        case .text(let bytes):
            out.append(type.digit)
            withRawBytes(bytes) { out.append(contentsOf: $0) }
        case .binary, .decodedBinary:
            out.append(0x62)
            if version == .v3 { out.append(type.digit) }
            data.withRaw { Base64.encode($0, into: &out) }
        }
    }

    /// Bytes `encodeText` would write.
    @inlinable
    func textEncodedCount(version: EngineProtocolVersion) -> Int {
        switch data {
        case .text(let bytes): 1 + bytes.count
        case .binary, .decodedBinary: (version == .v3 ? 2 : 1) + Base64.encodedCount(data.count)
        }
    }
}

extension RawRecord {
    /// One whole WebSocket message, checked against the payload limit first.
    @usableFromInline
    static func message(
        _ p: UnsafeRawBufferPointer, binary: Bool, version: EngineProtocolVersion, options: EngineParserOptions
    ) -> Result<RawRecord, EngineError> {
        guard p.count <= options.maxPayloadBytes else {
            return .failure(.payloadTooLarge.at(options.maxPayloadBytes, "message of \(p.count) bytes"))
        }
        if !binary {
            return text(p, from: 0, to: p.count, version: version, validateUTF8: options.validateUTF8, base: 0)
        }
        if version == .v3 { return v3Binary(p, from: 0, to: p.count, base: 0) }
        return .success(RawRecord(type: .message, kind: .binary, start: 0, end: p.count))
    }
}

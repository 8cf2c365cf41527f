extension SIOPacketDecoder {
    /// Parses and validates one text packet: header, JSON payload (validated once, kept as a slice), payload shape
    /// for the type, and for a binary packet its placeholders against the announced attachment count.
    @inlinable
    public static func decode(
        text: Bytes, options: SIOPacketOptions
    ) throws(SIOPacketError) -> (header: SIOPacketHeader, payload: JSONDocument<Bytes>?) {
        let (header, tape) = try decodeIndexed(text: text, options: options)
        guard !tape.isEmpty else { return (header, nil) }
        return (header, JSONDocument(bytes: text[(text.startIndex + header.payloadStart)...], tape: tape))
    }

    /// `decode(text:options:)` returning the payload's index (empty for none) rather than a document, so that the
    /// packet holds one reference to the text instead of a second slice of it.
    @inlinable
    static func decodeIndexed(
        text: Bytes, options: SIOPacketOptions
    ) throws(SIOPacketError) -> (header: SIOPacketHeader, tape: [JSONNode]) {
        let parsed = text.withContiguousStorageIfAvailable { buffer in
            Result { () throws(SIOPacketError) in
                try SIOPacketHeader.parse(UnsafeRawBufferPointer(buffer), options: options)
            }
        }
        let header: SIOPacketHeader
        if let parsed {
            header = try parsed.get()
        } else {
            header = try Array(text).withUnsafeBytes { raw in
                Result { () throws(SIOPacketError) in try SIOPacketHeader.parse(raw, options: options) }
            }.get()
        }

        var tape: [JSONNode] = []
        if header.payloadStart < text.count {
            do {
                tape = try JSONDocument.index(text[(text.startIndex + header.payloadStart)...], options: options.json)
            } catch {
                throw .invalidJSON.at(header.payloadStart + error.offset, error.description)
            }
        }
        try validateShape(header, tape, text, options.version)
        if header.type.isBinary, !tape.isEmpty {
            try checkPlaceholders(payloadDocument(text, header, tape).root, count: header.attachmentCount, text: text)
        }
        return (header, tape)
    }

    /// The payload as a document, built only where a check needs views (the common path reads the index alone).
    @inlinable
    static func payloadDocument(_ text: Bytes, _ header: SIOPacketHeader, _ tape: [JSONNode]) -> JSONDocument<Bytes> {
        JSONDocument(bytes: text[(text.startIndex + header.payloadStart)...], tape: tape)
    }

    /// The payload rules of the reference decoder's `isPayloadValid`, plus the spec's "EVENT and ACK payloads are
    /// mandatory" and, in v4, "CONNECT carries no payload".
    @inlinable
    static func validateShape(
        _ header: SIOPacketHeader, _ tape: [JSONNode], _ text: Bytes, _ version: SIOProtocolVersion
    ) throws(SIOPacketError) {
        // Reads the payload's index directly (empty: no payload): the root is tape entry 0 and an array's first
        // element entry 1.
        let at = header.payloadStart
        let kind = tape.isEmpty ? nil : JSONKind(rawValue: tape[0].kind) ?? .null
        switch header.type.rawValue {
        case SIOPacketType.connect.rawValue:
            guard kind == nil || (kind == .object && version == .v5) else {
                throw .invalidPayload.at(
                    at, version == .v5 ? "CONNECT takes an object or nothing" : "a v4 CONNECT takes no payload")
            }
        case SIOPacketType.disconnect.rawValue:
            guard kind == nil else { throw .invalidPayload.at(at, "DISCONNECT takes no payload") }
        case SIOPacketType.connectError.rawValue:
            guard kind == nil || kind == .string || kind == .object else {
                throw .invalidPayload.at(at, "CONNECT_ERROR takes an object or a string")
            }
        case SIOPacketType.ack.rawValue, SIOPacketType.binaryAck.rawValue:
            guard kind == .array else { throw .invalidPayload.at(at, "\(header.type) takes an array") }
        default:  // EVENT, BINARY_EVENT: the header parser admits no other type
            guard kind == .array, tape[0].count > 0 else {
                throw .invalidPayload.at(at, "\(header.type) takes a non-empty array")
            }
            let name = tape[1]
            let nameAt = at + Int(name.start)
            let nameLength = Int(name.end - name.start)
            switch JSONKind(rawValue: name.kind) ?? .null {
            case .number:
                // `1e999` is Infinity to the reference decoder, which no emitter produces and which re-encodes as
                // null. Integers of up to 300 digits are finite without converting them.
                let finite =
                    (name.flags & JSONNode.integer != 0 && nameLength <= 300)
                    || JSONView(document: payloadDocument(text, header, tape), index: 1).doubleValue?.isFinite == true
                guard finite else { throw .invalidPayload.at(nameAt, "an event's numeric name must be finite") }
            case .string:
                // Escapes only lengthen the raw text, so a short raw string cannot decode to a reserved name.
                if nameLength >= 9 {
                    let view = JSONView(document: payloadDocument(text, header, tape), index: 1)
                    for reserved in SIOPacketType.reservedEventNames where view.stringEquals(reserved) {
                        throw .reservedEventName.at(nameAt, "\"\(reserved)\" is reserved")
                    }
                }
            case .null, .bool, .array, .object:
                throw .invalidPayload.at(nameAt, "an event's name must be a string or a number")
            }
        }
    }
}

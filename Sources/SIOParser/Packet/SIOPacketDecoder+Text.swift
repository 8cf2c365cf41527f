extension SIOPacketDecoder {
    /// Parses and validates one text packet: header, JSON payload (validated once, kept as a slice), payload shape
    /// for the type, and for a binary packet its placeholders against the announced attachment count.
    @inlinable
    public static func decode(
        text: Bytes, options: SIOPacketOptions
    ) throws(SIOPacketError) -> (header: SIOPacketHeader, payload: JSONDocument<Bytes>?) {
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

        var payload: JSONDocument<Bytes>?
        if header.payloadStart < text.count {
            let slice = text[(text.startIndex + header.payloadStart)...]
            do {
                payload = try JSONDocument(parsing: slice, options: options.json)
            } catch {
                throw .invalidJSON.at(header.payloadStart + error.offset, error.description)
            }
        }
        try validateShape(header, payload?.root, options.version, text: text)
        if header.type.isBinary, let root = payload?.root {
            try checkPlaceholders(root, count: header.attachmentCount, text: text)
        }
        return (header, payload)
    }

    /// The payload rules of the reference decoder's `isPayloadValid`, plus the spec's "EVENT and ACK payloads are
    /// mandatory" and, in v4, "CONNECT carries no payload".
    @inlinable
    static func validateShape(
        _ header: SIOPacketHeader, _ root: JSONView<Bytes>?, _ version: SIOProtocolVersion, text: Bytes
    ) throws(SIOPacketError) {
        let at = header.payloadStart
        let kind = root?.kind
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
            guard let root, root.kind == .array, let name = root[0] else {
                throw .invalidPayload.at(at, "\(header.type) takes a non-empty array")
            }
            switch name.kind {
            case .number:
                // `1e999` is Infinity to the reference decoder, which no emitter produces and which re-encodes as null.
                guard name.doubleValue?.isFinite == true else {
                    throw .invalidPayload.at(at + 1, "an event's numeric name must be finite")
                }
            case .string:
                // Escapes only lengthen the raw text, so a short raw string cannot decode to a reserved name.
                if name.rawBytes.count >= 9 {
                    for reserved in SIOPacketType.reservedEventNames where name.stringEquals(reserved) {
                        throw .reservedEventName.at(at + 1, "\"\(reserved)\" is reserved")
                    }
                }
            case .null, .bool, .array, .object:
                throw .invalidPayload.at(at + 1, "an event's name must be a string or a number")
            }
        }
    }
}

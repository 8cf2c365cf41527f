extension EngineHandshake {
    /// Decodes the JSON of an open packet (what follows the `0`), as a client does.
    ///
    /// A small strict parser for one flat object: `sid` (string), `pingInterval` and `pingTimeout` (non-negative
    /// integers) are required; `upgrades` (array of strings) defaults to `[]` and `maxPayload` to 1_000_000 (v3
    /// servers omit it). Other keys may hold strings, numbers, booleans, null or arrays of those, and are ignored;
    /// nested objects, duplicate keys and trailing bytes are errors. Offsets are from the first byte of `json`.
    public static func decode<Bytes: RandomAccessCollection>(
        json: Bytes, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EngineHandshake where Bytes.Element == UInt8 {
        guard json.count <= options.maxPayloadBytes else {
            throw .payloadTooLarge.at(options.maxPayloadBytes, "handshake of \(json.count) bytes")
        }
        return try withRawBytes(json) { p in
            var reader = FlatJSONReader(p)
            return Result { () throws(EngineError) -> EngineHandshake in try reader.readHandshake() }
        }.get()
    }

    /// Decodes a whole open packet (`0{...}`), as received in a polling payload or a WebSocket text message.
    public static func decode<Bytes>(
        openPacket packet: EnginePacket<Bytes>, options: EngineParserOptions = EngineParserOptions()
    ) throws(EngineError) -> EngineHandshake {
        guard packet.type == .open, case .text(let json) = packet.data else {
            throw .invalidHandshake.at(0, "not an open packet with text data")
        }
        do {
            return try decode(json: json, options: options)
        } catch {
            throw error.at(error.offset + 1, error.detail)
        }
    }
}

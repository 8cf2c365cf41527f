extension SIOPacket {
    /// The payload as a value, with each attachment placeholder of a binary packet replaced by `.binary` holding a
    /// copy of the attachment's bytes; `nil` when there is no payload.
    public func decodedPayload() -> JSONValue? {
        guard let root = payload?.root else { return nil }
        let value = root.decodedValue()
        guard type.isBinary, !attachments.isEmpty else { return value }
        // The decoder validated every placeholder, and the document's depth is bounded by `JSONOptions.maxDepth`.
        return Self.resolvingPlaceholders(value, attachments)
    }

    /// The arguments as values (see `arguments`), placeholders resolved as in `decodedPayload()`.
    public func decodedArguments() -> [JSONValue] {
        guard type.isEvent || type.isAck, case .array(let elements)? = decodedPayload() else { return [] }
        return type.isEvent ? Array(elements.dropFirst()) : elements
    }

    private static func resolvingPlaceholders(_ value: JSONValue, _ attachments: [Bytes]) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map { resolvingPlaceholders($0, attachments) })
        case .object(let object):
            if object.count == 2, object["_placeholder"] == .bool(true), let num = object["num"]?.int64Value,
                num >= 0, num < Int64(attachments.count)
            {
                return .binary(Array(attachments[Int(num)]))
            }
            return .object(JSONObject(object.map { ($0.key, resolvingPlaceholders($0.value, attachments)) }))
        case .null, .bool, .int, .double, .string, .binary:
            return value
        }
    }
}

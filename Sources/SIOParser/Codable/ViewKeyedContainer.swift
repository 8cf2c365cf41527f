/// A keyed container over a JSON object; members are looked up by comparing the key's text with the JSON bytes,
/// so no `String` is allocated for a lookup (only `allKeys` builds strings).
struct ViewKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let table: MemberTable
    let decoder: ViewDecoder
    /// The container's own path, built once and shared by every member's decoder.
    let path: CodingPathNode

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        table.names.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        table.value(named: key.stringValue) != nil
    }

    /// The decoder for the member named by `key`; a missing member is `keyNotFound`.
    private func member(_ key: Key) throws -> ViewDecoder {
        guard let value = table.value(named: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for key \"\(key.stringValue)\".")
            )
        }
        return decoder.child(value, parent: path, step: .key(key))
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decode(Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).decode(String.self) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).floatingPoint(Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key).floatingPoint(Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).integer(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try member(key).decodeValue(T.self)
    }

    // decodeIfPresent: one member lookup instead of the default's three (contains, decodeNil, decode).

    /// The decoder for the member named by `key`, or `nil` when it is absent or null.
    private func presentMember(_ key: Key) -> ViewDecoder? {
        guard let value = table.value(named: key.stringValue), value.kind != .null else { return nil }
        return decoder.child(value, parent: path, step: .key(key))
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try presentMember(key)?.decode(type) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try presentMember(key)?.decode(type) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try presentMember(key)?.floatingPoint(type)
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try presentMember(key)?.floatingPoint(type) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try presentMember(key)?.integer(type) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try presentMember(key)?.integer(type) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentMember(key)?.decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try member(key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(named: PathKey.super)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: key)
    }

    /// As in JSONDecoder, a missing member gives a decoder over an absent value rather than an error.
    private func superDecoder(named key: some CodingKey) -> ViewDecoder {
        decoder.child(table.value(named: key.stringValue), parent: path, step: .key(key))
    }
}

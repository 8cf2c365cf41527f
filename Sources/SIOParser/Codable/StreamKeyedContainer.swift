/// A keyed container writing `"key":value` members straight into the output, in encoding order.
struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: EncodingState
    let index: Int
    let serial: Int
    let path: CodingPathNode

    var codingPath: [any CodingKey] { path.keys }

    /// Starts the member named `key`: separator, name, colon.
    private func begin(_ key: Key) throws {
        try state.beginEntry(index, serial, path: path.keys(appending: key))
        state.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); JSONOut.null(to: &state.out) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); JSONOut.bool(value, to: &state.out) }
    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        JSONOut.string(value, to: &state.out)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        JSONOut.double(value, to: &state.out)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); JSONOut.float(value, to: &state.out) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); JSONOut.int(value, to: &state.out) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try state.encodeValue(value, parent: path, step: .key(key))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        state.beginEntryDeferringError(index, serial, path: path.keys(appending: key))
        state.writeKey(key.stringValue)
        let frame = state.push(.object)
        return KeyedEncodingContainer(
            StreamKeyedContainer<NestedKey>(state: state, index: frame.index, serial: frame.serial, path: .key(key, path))
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        state.beginEntryDeferringError(index, serial, path: path.keys(appending: key))
        state.writeKey(key.stringValue)
        let frame = state.push(.array)
        return StreamUnkeyedContainer(state: state, index: frame.index, serial: frame.serial, path: .key(key, path))
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: PathKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    /// Writes the member name now and leaves a slot for the value; a slot left empty becomes `{}`.
    private func superEncoder(named key: some CodingKey) -> any Encoder {
        state.beginEntryDeferringError(index, serial, path: path.keys(appending: key))
        state.writeKey(key.stringValue)
        let frame = state.push(.slot)
        return SlotEncoder(state: state, index: frame.index, serial: frame.serial, parent: path, step: .key(key))
    }
}

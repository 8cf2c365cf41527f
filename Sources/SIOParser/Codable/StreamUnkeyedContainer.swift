/// An unkeyed container writing array elements straight into the output.
struct StreamUnkeyedContainer: UnkeyedEncodingContainer {
    let state: EncodingState
    let index: Int
    let serial: Int
    let path: CodingPathNode
    /// Elements encoded so far (kept here too, so it stays right after the frame is closed).
    private(set) var count = 0

    init(state: EncodingState, index: Int, serial: Int, path: CodingPathNode) {
        self.state = state
        self.index = index
        self.serial = serial
        self.path = path
        self.count = state.isOpen(index, serial) ? state.count(at: index) : 0
    }

    var codingPath: [any CodingKey] { path.keys }

    /// Starts the next element: closes what is open above, writes the comma.
    private mutating func begin() throws {
        try state.beginEntry(index, serial, path: path.keys + [PathKey(index: count)])
        count += 1
    }

    mutating func encodeNil() throws { try begin(); JSONOut.null(to: &state.out) }
    mutating func encode(_ value: Bool) throws { try begin(); JSONOut.bool(value, to: &state.out) }
    mutating func encode(_ value: String) throws { try begin(); JSONOut.string(value, to: &state.out) }
    mutating func encode(_ value: Double) throws { try begin(); JSONOut.double(value, to: &state.out) }
    mutating func encode(_ value: Float) throws { try begin(); JSONOut.float(value, to: &state.out) }
    mutating func encode(_ value: Int) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int8) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int16) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int32) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: Int64) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt8) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt16) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt32) throws { try begin(); JSONOut.int(value, to: &state.out) }
    mutating func encode(_ value: UInt64) throws { try begin(); JSONOut.int(value, to: &state.out) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let position = count
        try begin()
        try state.encodeValue(value, parent: path, step: .index(position))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let elementPath = CodingPathNode.index(count, path)
        beginDeferringError()
        let frame = state.push(.object)
        return KeyedEncodingContainer(
            StreamKeyedContainer<NestedKey>(state: state, index: frame.index, serial: frame.serial, path: elementPath)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let elementPath = CodingPathNode.index(count, path)
        beginDeferringError()
        let frame = state.push(.array)
        return StreamUnkeyedContainer(state: state, index: frame.index, serial: frame.serial, path: elementPath)
    }

    mutating func superEncoder() -> any Encoder {
        let position = count
        beginDeferringError()
        let frame = state.push(.slot)
        return SlotEncoder(state: state, index: frame.index, serial: frame.serial, parent: path, step: .index(position))
    }

    private mutating func beginDeferringError() {
        state.beginEntryDeferringError(index, serial, path: path.keys + [PathKey(index: count)])
        count += 1
    }
}

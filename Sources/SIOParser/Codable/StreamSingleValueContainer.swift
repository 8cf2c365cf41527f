/// A single-value container: writes exactly one value into its encoder's slot.
struct StreamSingleValueContainer: SingleValueEncodingContainer {
    let state: EncodingState
    let index: Int
    let serial: Int
    let path: CodingPathNode

    var codingPath: [any CodingKey] { path.keys }

    /// Checks the slot is still empty and marks it filled; a second value (or one after a container) is an error.
    private func begin() throws {
        if let error = state.deferredError { throw error }
        guard state.isOpen(index, serial) else { throw state.outOfOrder(codingPath) }
        guard state.kind(at: index) == .slot else {
            throw EncodingError.invalidValue(
                (),
                .init(codingPath: codingPath, debugDescription: "A single value container can encode only one value.")
            )
        }
        state.close(above: index)
        state.setKind(.filled, at: index)
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
        try begin()
        try state.encodeValue(value, parent: path, step: .none)
    }
}

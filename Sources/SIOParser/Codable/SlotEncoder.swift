/// The `Encoder` handed to a value's `encode(to:)`: it owns one slot of the output, which becomes an object, an
/// array or a single value depending on the container the value asks for.
struct SlotEncoder: Encoder {
    let state: EncodingState
    let index: Int
    let serial: Int
    /// The path to the slot's container and the step from there; the node is built only when a container opens.
    let parent: CodingPathNode
    let step: PathStep

    var path: CodingPathNode { step.node(after: parent) }
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(.object, "a keyed container")
        return KeyedEncodingContainer(StreamKeyedContainer<Key>(state: state, index: index, serial: serial, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        open(.array, "an unkeyed container")
        return StreamUnkeyedContainer(state: state, index: index, serial: serial, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamSingleValueContainer(state: state, index: index, serial: serial, path: path)
    }

    /// Turns the slot into an open container; asking again for the same kind returns the same container, as
    /// JSONEncoder allows. Anything else is kept as an error for the next write.
    private func open(_ kind: EncodingState.Kind, _ what: String) {
        guard state.isOpen(index, serial) else {
            state.deferredError = state.deferredError ?? state.outOfOrder(codingPath)
            return
        }
        switch state.kind(at: index) {
        case .slot:
            state.close(above: index)
            // Replace the slot by the container: same position and serial, so containers refer to it directly.
            state.replaceSlot(at: index, with: kind)
        case .object, .array:
            if state.kind(at: index) != kind { conflict(what) }
        case .filled:
            conflict(what)
        }
    }

    private func conflict(_ what: String) {
        state.deferredError = state.deferredError ?? EncodingError.invalidValue(
            (),
            .init(codingPath: codingPath, debugDescription: "Asked for \(what) after encoding something else here.")
        )
    }
}

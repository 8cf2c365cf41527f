extension JSONValue {
    /// A container being written: its contents and how far the writer got.
    private struct Frame {
        var values: [JSONValue]
        var keys: [String]
        var isObject: Bool
        var position: Int
    }

    /// Appends the compact JSON text of this value, as `JSON.stringify` writes it.
    ///
    /// `.binary` is not JSON. Without a `placeholder` callback it is written the way Node's `JSON.stringify` writes
    /// a `Buffer`, `{"type":"Buffer","data":[1,2,3]}`, so that nothing is lost and nothing traps; Socket.IO encoders
    /// pass `placeholder` instead.
    public func serialize(into out: inout [UInt8]) {
        var slots = JSONBufferForm()
        JSONSink.write(into: &out) { write(to: &$0, slots: &slots) }
    }

    /// Appends the compact JSON text, writing each `.binary` as `{"_placeholder":true,"num":N}` where `N` is what
    /// `placeholder` returns for it (the Socket.IO encoder collects the attachment and returns its index).
    public func serialize(into out: inout [UInt8], placeholder: (_ bytes: [UInt8]) -> Int) {
        withoutActuallyEscaping(placeholder) { callback in
            var slots = JSONCallbackSlots(callback: callback)
            JSONSink.write(into: &out) { write(to: &$0, slots: &slots) }
        }
    }

    /// The compact JSON text as bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out)
        return out
    }

    /// The compact JSON text as a string.
    public func serializedString() -> String {
        String(decoding: serialized(), as: UTF8.self)
    }

    /// Containers nested deeper than this are written by the iterative writer.
    private static let recursionLimit = 24

    /// Shallow values (every real payload) are written by a short recursion that allocates nothing; a container
    /// nested deeper than `recursionLimit` goes to the iterative writer, so a deep value built in code cannot
    /// exhaust the stack.
    /// Writes the compact JSON text to `sink`, `.binary` values as `slots` decides.
    func write<Slots: JSONBinarySlots>(to sink: inout JSONSink, slots: inout Slots) {
        shallowSerialize(into: &sink, slots: &slots, depth: 0)
    }

    private func shallowSerialize<Slots: JSONBinarySlots>(into out: inout JSONSink, slots: inout Slots, depth: Int) {
        switch self {
        case .null: out.writeNull()
        case .bool(let b): out.writeBool(b)
        case .int(let i): out.writeInt(i)
        case .double(let d): out.writeDouble(d)
        case .string(let s): out.writeString(s)
        case .binary: iterativeSerialize(into: &out, slots: &slots)
        case .array(let elements): Self.writeArray(elements, into: &out, slots: &slots, depth: depth)
        case .object(let object): Self.writeObject(object, into: &out, slots: &slots, depth: depth)
        }
    }

    /// Writes an array at nesting `depth` (the iterative writer takes over past `recursionLimit`).
    private static func writeArray<Slots: JSONBinarySlots>(
        _ elements: [JSONValue], into out: inout JSONSink, slots: inout Slots, depth: Int
    ) {
        guard depth < recursionLimit else {
            JSONValue.array(elements).iterativeSerialize(into: &out, slots: &slots)
            return
        }
        out.append(0x5B)
        // Spans read the elements in place: iterating the array itself copies (retains) each one.
        let span = elements.span
        for position in span.indices {
            if position > 0 { out.append(0x2C) }
            writeElement(span, position, into: &out, slots: &slots, depth: depth + 1)
        }
        out.append(0x5D)
    }

    /// Writes an object at nesting `depth` (the iterative writer takes over past `recursionLimit`).
    private static func writeObject<Slots: JSONBinarySlots>(
        _ object: JSONObject, into out: inout JSONSink, slots: inout Slots, depth: Int
    ) {
        guard depth < recursionLimit else {
            JSONValue.object(object).iterativeSerialize(into: &out, slots: &slots)
            return
        }
        out.append(0x7B)
        let keys = object.keys.span
        let values = object.values.span
        for position in keys.indices {
            if position > 0 { out.append(0x2C) }
            out.writeString(keys[position])
            out.append(0x3A)
            writeElement(values, position, into: &out, slots: &slots, depth: depth + 1)
        }
        out.append(0x7D)
    }

    /// Writes a container's element. Scalars are written straight from the container's storage: calling
    /// `shallowSerialize` on an element first copies it (the writer's raw-pointer stores could alias the storage, so
    /// the compiler cannot borrow it in place), which for an enum with reference payloads is an outlined copy and
    /// destroy per element.
    @inline(__always)
    private static func writeElement<Slots: JSONBinarySlots>(
        _ elements: Span<JSONValue>, _ position: Int, into out: inout JSONSink, slots: inout Slots, depth: Int
    ) {
        switch elements[position] {
        case .null: out.writeNull()
        case .bool(let b): out.writeBool(b)
        case .int(let i): out.writeInt(i)
        case .double(let d): out.writeDouble(d)
        case .string(let s): out.writeString(s)
        // Binding the payload retains only it, not the whole element through the outlined enum copy.
        case .array(let inner): writeArray(inner, into: &out, slots: &slots, depth: depth)
        case .object(let object): writeObject(object, into: &out, slots: &slots, depth: depth)
        case .binary: elements[position].shallowSerialize(into: &out, slots: &slots, depth: depth)
        }
    }

    /// Writes with an explicit stack: any depth.
    private func iterativeSerialize<Slots: JSONBinarySlots>(into out: inout JSONSink, slots: inout Slots) {
        var stack: [Frame] = []
        var value = self
        while true {
            switch value {
            case .null: out.writeNull()
            case .bool(let b): out.writeBool(b)
            case .int(let i): out.writeInt(i)
            case .double(let d): out.writeDouble(d)
            case .string(let s): out.writeString(s)
            case .array(let elements):
                if elements.isEmpty {
                    out.append(0x5B)
                    out.append(0x5D)
                } else {
                    out.append(0x5B)
                    stack.append(Frame(values: elements, keys: [], isObject: false, position: 0))
                }
            case .object(let object):
                if object.isEmpty {
                    out.append(0x7B)
                    out.append(0x7D)
                } else {
                    out.append(0x7B)
                    stack.append(Frame(values: object.values, keys: object.keys, isObject: true, position: 0))
                }
            case .binary(let bytes):
                if let num = slots.placeholder(for: bytes) {
                    out.writePlaceholder(num: num)
                } else {
                    let prefix: StaticString = #"{"type":"Buffer","data":["#
                    out.append(UnsafeRawPointer(prefix.utf8Start), count: prefix.utf8CodeUnitCount)
                    for (k, byte) in bytes.enumerated() {
                        if k > 0 { out.append(0x2C) }
                        out.writeInt(Int64(byte))
                    }
                    out.append(0x5D)
                    out.append(0x7D)
                }
            }
            // Move to the next value to write, closing finished containers.
            var found = false
            while let top = stack.indices.last {
                let position = stack[top].position
                if position < stack[top].values.count {
                    if position > 0 { out.append(0x2C) }
                    if stack[top].isObject {
                        out.writeString(stack[top].keys[position])
                        out.append(0x3A)
                    }
                    stack[top].position = position + 1
                    value = stack[top].values[position]
                    found = true
                    break
                }
                out.append(stack[top].isObject ? 0x7D : 0x5D)
                stack.removeLast()
            }
            if !found { return }
        }
    }
}

extension JSONView {
    /// Appends this value's text exactly as it appears in the document (whitespace, escapes and unpaired
    /// surrogates included), so `JSON.parse` reads back exactly what it would have read from the original.
    @inlinable
    public func serialize(into out: inout [UInt8]) {
        out.append(contentsOf: rawBytes)
    }
}

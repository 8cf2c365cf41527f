extension JSONValue {
    /// A container being written: its remaining contents and how far the writer got.
    private enum Frame {
        case array([JSONValue], Int)
        case object(JSONObject, Int)
    }

    /// Appends the compact JSON text of this value, as `JSON.stringify` writes it.
    ///
    /// `.binary` is not JSON. Without a `placeholder` callback it is written the way Node's `JSON.stringify` writes
    /// a `Buffer`, `{"type":"Buffer","data":[1,2,3]}`, so that nothing is lost and nothing traps; Socket.IO encoders
    /// pass `placeholder` instead.
    public func serialize(into out: inout [UInt8]) {
        serialize(into: &out, placeholder: nil)
    }

    /// Appends the compact JSON text, writing each `.binary` as `{"_placeholder":true,"num":N}` where `N` is what
    /// `placeholder` returns for it (the Socket.IO encoder collects the attachment and returns its index).
    public func serialize(into out: inout [UInt8], placeholder: (_ bytes: [UInt8]) -> Int) {
        withoutActuallyEscaping(placeholder) { serialize(into: &out, placeholder: Optional($0)) }
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

    /// Iterative, so that a deeply nested value built in code cannot exhaust the stack.
    private func serialize(into out: inout [UInt8], placeholder: ((_ bytes: [UInt8]) -> Int)?) {
        var stack: [Frame] = []
        var current: JSONValue? = self
        while true {
            if let value = current {
                current = nil
                switch value {
                case .null: JSONWriter.appendNull(to: &out)
                case .bool(let b): JSONWriter.appendBool(b, to: &out)
                case .int(let i): JSONWriter.appendInt(i, to: &out)
                case .double(let d): JSONWriter.appendDouble(d, to: &out)
                case .string(let s): JSONWriter.appendString(s, to: &out)
                case .array(let elements):
                    out.append(0x5B)
                    stack.append(.array(elements, 0))
                case .object(let object):
                    out.append(0x7B)
                    stack.append(.object(object, 0))
                case .binary(let bytes):
                    if let placeholder {
                        JSONWriter.appendPlaceholder(num: placeholder(bytes), to: &out)
                    } else {
                        out.append(contentsOf: #"{"type":"Buffer","data":["#.utf8)
                        for (k, byte) in bytes.enumerated() {
                            if k > 0 { out.append(0x2C) }
                            JSONWriter.appendInt(Int64(byte), to: &out)
                        }
                        out.append(contentsOf: "]}".utf8)
                    }
                }
            }
            guard let frame = stack.popLast() else { return }
            switch frame {
            case .array(let elements, let position):
                if position < elements.count {
                    if position > 0 { out.append(0x2C) }
                    current = elements[position]
                    stack.append(.array(elements, position + 1))
                } else {
                    out.append(0x5D)
                }
            case .object(let object, let position):
                if position < object.count {
                    if position > 0 { out.append(0x2C) }
                    JSONWriter.appendString(object.keys[position], to: &out)
                    out.append(0x3A)
                    current = object.values[position]
                    stack.append(.object(object, position + 1))
                } else {
                    out.append(0x7D)
                }
            }
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

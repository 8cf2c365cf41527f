extension JSONView {
    /// A container being filled while the index is walked.
    private struct Builder {
        var isObject: Bool
        /// Tape index where this container's subtree ends.
        var end: Int
        var elements: [JSONValue] = []
        var object = JSONObject()
        var pendingKey: String?

        var value: JSONValue { isObject ? .object(object) : .array(elements) }
    }

    /// The whole value, materialised. Iterative (an explicit stack), so safe at any depth the parser accepted.
    ///
    /// Integers that fit `Int64` become `.int`, other numbers `.double`; repeated object keys keep the last value
    /// (as `JSON.parse`); unpaired surrogate escapes become U+FFFD.
    public func decodedValue() -> JSONValue {
        let tape = document.tape
        var stack: [Builder] = []
        var t = index
        while true {
            let node = tape[t]
            if let last = stack.last, last.isObject, last.pendingKey == nil {
                stack[stack.count - 1].pendingKey = JSONView(document: document, index: t).stringValue ?? ""
                t += 1
                continue
            }
            var value: JSONValue
            switch JSONKind(rawValue: node.kind) ?? .null {
            case .null: value = .null
            case .bool: value = .bool(JSONView(document: document, index: t).boolValue ?? false)
            case .number:
                let view = JSONView(document: document, index: t)
                if node.flags & JSONNode.integer != 0, let i = view.int64Value {
                    value = .int(i)
                } else {
                    value = .double(view.doubleValue ?? .nan)
                }
            case .string: value = .string(JSONView(document: document, index: t).stringValue ?? "")
            case .array, .object:
                let isObject = node.kind == JSONKind.object.rawValue
                if node.count > 0 {
                    var builder = Builder(isObject: isObject, end: Int(node.next))
                    if !isObject { builder.elements.reserveCapacity(Int(node.count)) }
                    stack.append(builder)
                    t += 1
                    continue
                }
                value = isObject ? .object(JSONObject()) : .array([])
            }
            t += 1
            // Hand the value to its container; close every container that ends here.
            while true {
                guard !stack.isEmpty else { return value }
                let top = stack.count - 1
                if stack[top].isObject {
                    let key = stack[top].pendingKey ?? ""
                    stack[top].pendingKey = nil
                    stack[top].object[key] = value
                } else {
                    stack[top].elements.append(value)
                }
                guard t == stack[top].end else { break }
                value = stack.removeLast().value
            }
        }
    }
}

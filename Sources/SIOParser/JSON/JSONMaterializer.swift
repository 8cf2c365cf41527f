/// Builds `JSONValue`s from a validated document: non-generic, so it is compiled once for every `Bytes` type.
@usableFromInline
enum JSONMaterializer {
    /// A container being filled while the tape is walked.
    private struct Builder {
        var isObject: Bool
        /// Tape index where this container's subtree ends.
        var end: Int
        var elements: [JSONValue] = []
        var object = JSONObject()
        var pendingKey: String?
    }

    /// The contents of the string node `node` (between its quotes), decoded.
    @inline(__always)
    static func string(_ buffer: UnsafeRawBufferPointer, _ node: JSONNode) -> String {
        let contents = UnsafeRawBufferPointer(rebasing: buffer[(Int(node.start) + 1)..<(Int(node.end) - 1)])
        return JSONStringDecoding.decode(contents, escaped: node.flags & JSONNode.escaped != 0)
    }

    /// The number node `node` as `.int` (written as an integer that fits `Int64`) or `.double`.
    @inline(__always)
    static func number(_ buffer: UnsafeRawBufferPointer, _ node: JSONNode) -> JSONValue {
        let text = UnsafeRawBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)])
        if node.flags & JSONNode.integer != 0, let i = JSONNumberParsing.int64(text) { return .int(i) }
        return .double(JSONNumberParsing.double(text))
    }

    /// The value rooted at tape index `index`; iterative, so any depth the parser accepted is fine.
    @usableFromInline
    static func value(_ buffer: UnsafeRawBufferPointer, _ tape: [JSONNode], at index: Int) -> JSONValue {
        var stack: [Builder] = []
        var t = index
        while true {
            let node = tape[t]
            if let last = stack.last, last.isObject, last.pendingKey == nil {
                stack[stack.count - 1].pendingKey = string(buffer, node)
                t += 1
                continue
            }
            var value: JSONValue
            switch JSONKind(rawValue: node.kind) ?? .null {
            case .null: value = .null
            case .bool: value = .bool(buffer[Int(node.start)] == 0x74)
            case .number: value = number(buffer, node)
            case .string: value = .string(string(buffer, node))
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
            while let top = stack.indices.last {
                if stack[top].isObject {
                    let key = stack[top].pendingKey ?? ""
                    stack[top].pendingKey = nil
                    stack[top].object[key] = value
                } else {
                    stack[top].elements.append(value)
                }
                guard t == stack[top].end else { break }
                let done = stack.removeLast()
                value = done.isObject ? .object(done.object) : .array(done.elements)
            }
            if stack.isEmpty { return value }
        }
    }
}

/// Builds `JSONValue`s from a validated document: non-generic, so it is compiled once for every `Bytes` type.
@usableFromInline
enum JSONMaterializer {
    /// A container being filled while the tape is walked.
    private struct Builder {
        var isObject: Bool
        /// Tape index where this container's subtree ends.
        var end: Int
        var elements: [JSONValue] = []
        var keys: [String] = []
        var expectingKey: Bool
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

    /// Containers nested deeper than this below the starting value are built by the iterative walker.
    private static let recursionLimit = 24

    /// The value rooted at tape index `index`. Shallow values (every real payload) are built by a short recursion
    /// that needs no allocation of its own; anything nested deeper than `recursionLimit` is handed to the iterative
    /// walker, so no input can make the recursion deep.
    @usableFromInline
    static func value(_ buffer: UnsafeRawBufferPointer, _ tape: [JSONNode], at index: Int) -> JSONValue {
        tape.withUnsafeBufferPointer { nodes in
            var t = index
            return shallowValue(buffer, nodes, tape, &t, depth: 0)
        }
    }

    /// Builds the value at `t` and leaves `t` just past its subtree.
    private static func shallowValue(
        _ buffer: UnsafeRawBufferPointer, _ nodes: UnsafeBufferPointer<JSONNode>, _ tape: [JSONNode], _ t: inout Int,
        depth: Int
    ) -> JSONValue {
        let node = nodes[t]
        switch JSONKind(rawValue: node.kind) ?? .null {
        case .null:
            t += 1
            return .null
        case .bool:
            t += 1
            return .bool(buffer[Int(node.start)] == 0x74)
        case .number:
            t += 1
            return number(buffer, node)
        case .string:
            t += 1
            return .string(string(buffer, node))
        case .array:
            if depth >= recursionLimit {
                let value = iterativeValue(buffer, tape, at: t)
                t = Int(node.next)
                return value
            }
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(node.count))
            t += 1
            for _ in 0..<node.count { elements.append(shallowValue(buffer, nodes, tape, &t, depth: depth + 1)) }
            return .array(elements)
        case .object:
            if depth >= recursionLimit {
                let value = iterativeValue(buffer, tape, at: t)
                t = Int(node.next)
                return value
            }
            var keys: [String] = []
            var values: [JSONValue] = []
            keys.reserveCapacity(Int(node.count))
            values.reserveCapacity(Int(node.count))
            t += 1
            for _ in 0..<node.count {
                keys.append(string(buffer, nodes[t]))
                t += 1
                values.append(shallowValue(buffer, nodes, tape, &t, depth: depth + 1))
            }
            return .object(JSONObject(parsedKeys: keys, values: values))
        }
    }

    /// The value rooted at tape index `index`, built with an explicit stack: any depth the parser accepted is fine.
    static func iterativeValue(_ buffer: UnsafeRawBufferPointer, _ tape: [JSONNode], at index: Int) -> JSONValue {
        var stack: [Builder] = []
        var t = index
        while true {
            let node = tape[t]
            if let top = stack.indices.last, stack[top].expectingKey {
                stack[top].keys.append(string(buffer, node))
                stack[top].expectingKey = false
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
                    var builder = Builder(isObject: isObject, end: Int(node.next), expectingKey: isObject)
                    builder.elements.reserveCapacity(Int(node.count))
                    if isObject { builder.keys.reserveCapacity(Int(node.count)) }
                    stack.append(builder)
                    t += 1
                    continue
                }
                value = isObject ? .object(JSONObject()) : .array([])
            }
            t += 1
            // Hand the value to its container; close every container that ends here.
            while let top = stack.indices.last {
                stack[top].elements.append(value)
                stack[top].expectingKey = stack[top].isObject
                guard t == stack[top].end else { break }
                let done = stack.removeLast()
                value = done.isObject
                    ? .object(JSONObject(parsedKeys: done.keys, values: done.elements)) : .array(done.elements)
            }
            if stack.isEmpty { return value }
        }
    }
}

extension SIOPacketDecoder {
    /// Checks that a binary packet's placeholders are exactly `{"_placeholder":true,"num":i}` for every `i` in
    /// `0..<count`, each once. Walks the payload with an explicit stack, so nesting depth costs heap, not stack.
    @inlinable
    static func checkPlaceholders(_ root: JSONView<Bytes>, count: Int, text: Bytes) throws(SIOPacketError) {
        // Each placeholder takes at least 29 bytes of payload, so `seen` is sized by what the payload can hold, not
        // by the announced count (which matters only when `maxAttachments` has been raised a long way). A count
        // beyond that capacity ends in `missingPlaceholder` whatever the walk finds.
        let capacity = min(count, root.rawBytes.count / 29)
        var seen = [Bool](repeating: false, count: capacity)
        var found = 0
        var stack: [JSONView<Bytes>] = [root]
        while let value = stack.popLast() {
            switch value.kind {
            case .array:
                for element in value.elements where element.kind == .array || element.kind == .object {
                    stack.append(element)
                }
            case .object:
                if let num = try placeholderNum(value, text: text) {
                    let at = value.rawBytes.startIndex - text.startIndex
                    guard num >= 0, num < Int64(count) else {
                        throw .placeholderOutOfRange.at(at, "num \(num) with \(count) attachment(s)")
                    }
                    if num < capacity {
                        guard !seen[Int(num)] else { throw .duplicatePlaceholder.at(at, "num \(num) appears twice") }
                        seen[Int(num)] = true
                        found += 1
                    }
                    continue
                }
                for member in value.members where member.value.kind == .array || member.value.kind == .object {
                    stack.append(member.value)
                }
            case .null, .bool, .number, .string:
                break
            }
        }
        if found < count {
            let missing = seen.firstIndex(of: false) ?? capacity
            throw .missingPlaceholder.at(
                root.rawBytes.startIndex - text.startIndex, "no placeholder for attachment \(missing)")
        }
    }

    /// `nil` for an ordinary object; the placeholder's `num` for a well-formed placeholder (out-of-range integers
    /// report as `Int64.max`); an error for an object with a `_placeholder` member of any other shape.
    @inlinable
    static func placeholderNum(_ object: JSONView<Bytes>, text: Bytes) throws(SIOPacketError) -> Int64? {
        var flag: JSONView<Bytes>?
        var num: JSONView<Bytes>?
        for member in object.members {
            if member.key.stringEquals("_placeholder") {
                flag = member.value
            } else if member.key.stringEquals("num") {
                num = member.value
            }
        }
        guard let flag else { return nil }
        let at = object.rawBytes.startIndex - text.startIndex
        guard object.count == 2, flag.boolValue == true, let num, num.isInteger else {
            throw .invalidPlaceholder.at(at, "expected {\"_placeholder\":true,\"num\":<integer>}")
        }
        return num.int64Value ?? Int64.max
    }
}

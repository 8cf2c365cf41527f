extension SIOPacketDecoder {
    /// Checks that a binary packet's placeholders are exactly `{"_placeholder":true,"num":i}` for every `i` in
    /// `0..<count`, each once.
    ///
    /// Scans the JSON document's index (the tape: every value in document order) from start to end, so nesting costs
    /// neither stack nor heap, and compares keys as bytes; this runs on every binary packet before it is accepted.
    @inlinable
    static func checkPlaceholders(_ root: JSONView<Bytes>, count: Int, text: Bytes) throws(SIOPacketError) {
        let document = root.document
        let tape = document.tape
        let rootNode = tape[root.index]
        let base = document.bytes.startIndex - text.startIndex
        // Each placeholder takes at least 29 bytes, so the bookkeeping is sized by what the payload can hold, not by
        // the announced count (which matters only when `maxAttachments` has been raised a long way); a count beyond
        // that capacity ends in `missingPlaceholder` whatever the scan finds.
        let capacity = min(count, Int(rootNode.end - rootNode.start) / 29)
        var seenBits: UInt64 = 0
        var seenArray = capacity > 64 ? [Bool](repeating: false, count: capacity) : []
        var found = 0
        var index = root.index
        let end = Int(rootNode.next)
        while index < end {
            defer { index += 1 }
            guard tape[index].kind == JSONKind.object.rawValue,
                let num = try placeholderNum(document, object: index, base: base)
            else { continue }
            let at = base + Int(tape[index].start)
            guard num >= 0, num < Int64(count) else {
                throw .placeholderOutOfRange.at(at, "num \(num) with \(count) attachment(s)")
            }
            guard num < capacity else { continue }
            let slot = Int(num)
            let duplicate: Bool
            if capacity <= 64 {
                duplicate = seenBits & (1 << slot) != 0
                seenBits |= 1 << slot
            } else {
                duplicate = seenArray[slot]
                seenArray[slot] = true
            }
            guard !duplicate else { throw .duplicatePlaceholder.at(at, "num \(num) appears twice") }
            found += 1
        }
        if found < count {
            var missing = 0
            while missing < capacity, capacity <= 64 ? seenBits & (1 << missing) != 0 : seenArray[missing] {
                missing += 1
            }
            throw .missingPlaceholder.at(base + Int(rootNode.start), "no placeholder for attachment \(missing)")
        }
    }

    /// `nil` for an ordinary object; the placeholder's `num` for a well-formed placeholder (integers beyond `Int64`
    /// report as `Int64.max`); an error for an object with a `_placeholder` member of any other shape.
    @inlinable
    static func placeholderNum(
        _ document: JSONDocument<Bytes>, object: Int, base: Int
    ) throws(SIOPacketError) -> Int64? {
        let tape = document.tape
        var flag: Int?
        var num: Int?
        var key = object + 1
        for _ in 0..<Int(tape[object].count) {
            if keyEquals(document, key, placeholderKey) {
                flag = key + 1
            } else if keyEquals(document, key, numKey) {
                num = key + 1
            }
            key = Int(tape[key + 1].next)
        }
        guard let flag else { return nil }
        // Read from the index and the bytes directly (no views): `true` starts with `t`; the number is an integer.
        let bytes = document.bytes
        let isTrue =
            tape[flag].kind == JSONKind.bool.rawValue && bytes[bytes.startIndex + Int(tape[flag].start)] == 0x74
        guard tape[object].count == 2, isTrue, let num,
            tape[num].kind == JSONKind.number.rawValue, tape[num].flags & JSONNode.integer != 0
        else {
            throw .invalidPlaceholder.at(
                base + Int(tape[object].start), "expected {\"_placeholder\":true,\"num\":<integer>}")
        }
        return integerValue(bytes, from: Int(tape[num].start), to: Int(tape[num].end))
    }

    /// The value of a validated JSON integer token; beyond 18 digits it reports `Int64.max` or `-1`, which every
    /// attachment count rejects as out of range (`-0` is 0, as JavaScript reads it).
    @inlinable
    static func integerValue(_ bytes: Bytes, from start: Int, to end: Int) -> Int64 {
        var i = bytes.startIndex + start
        let stop = bytes.startIndex + end
        let negative = bytes[i] == 0x2D
        if negative { i += 1 }
        guard stop - i <= 18 else { return negative ? -1 : Int64.max }
        var value: Int64 = 0
        while i < stop {
            value = value * 10 + Int64(bytes[i] &- 0x30)
            i += 1
        }
        return negative ? -value : value
    }

    /// Whether the key at tape index `key` is `expected` (ASCII); escaped keys are compared after decoding.
    @inlinable
    static func keyEquals(_ document: JSONDocument<Bytes>, _ key: Int, _ expected: StaticString) -> Bool {
        let node = document.tape[key]
        guard node.flags & JSONNode.escaped == 0 else {
            return JSONView(document: document, index: key).stringEquals(expected.description)
        }
        let length = Int(node.end - node.start) - 2
        guard length == expected.utf8CodeUnitCount else { return false }
        let start = document.bytes.startIndex + Int(node.start) + 1
        let bytes = expected.utf8Start
        for offset in 0..<length where document.bytes[start + offset] != bytes[offset] {
            return false
        }
        return true
    }

    /// The member name that marks a placeholder object.
    @inlinable static var placeholderKey: StaticString { "_placeholder" }
    /// The member holding a placeholder's attachment index.
    @inlinable static var numKey: StaticString { "num" }
}

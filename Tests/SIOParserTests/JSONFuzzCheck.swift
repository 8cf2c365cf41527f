import SIOParser

// Shared with the fuzz target: Fuzz/Sources/FuzzJSON/JSONFuzzCheck.swift is a link to this file. It reports
// failures through the `fuzzCheck` closure it is given: the fuzzer stops the process, the replay test records an issue.

/// Splits a fuzz input into chunks exactly as FuzzSupport's `FuzzInput` does.
func jsonFuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let cuts = min(Int(first & 7), bytes.count - 1)
    let body = Array(bytes[(1 + cuts)...])
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<cuts {
        let length = min(Int(bytes[1 + i]), body.count - start)
        result.append(body[start..<(start + length)])
        start += length
    }
    result.append(body[start...])
    return result
}

/// The fuzz target's per-input work.
func jsonFuzz(_ bytes: [UInt8], _ fuzzCheck: (Bool, String) -> Void) {
    for chunk in jsonFuzzChunks(bytes) {
        let options = chunk.count % 2 == 1 ? JSONOptions(maxDepth: 8) : JSONOptions()
        guard let document = try? JSONDocument(parsing: chunk, options: options) else { continue }
        jsonFuzzCheck(document, fuzzCheck)
    }
}

func jsonFuzzCheck(_ document: JSONDocument<ArraySlice<UInt8>>, _ fuzzCheck: (Bool, String) -> Void) {
    let value = document.root.decodedValue()
    // Round trip through the serializer.
    let text = value.serialized()
    guard let again = try? JSONDocument(parsing: text[...]) else {
        fuzzCheck(false, "serializer output does not parse: \(String(decoding: text, as: UTF8.self))")
        return
    }
    fuzzCheck(sameAsJavaScript(again.root.decodedValue(), value), "round trip changed the value")
    fuzzCheck(again.root.decodedValue().serialized() == text, "serialization is not stable")
    // Every node, visited iteratively: accessors agree with each other and with the standard library.
    var pending = [document.root]
    while let view = pending.popLast() {
        switch view.kind {
        case .null, .bool:
            fuzzCheck(view.boolValue != nil || view.isNull, "scalar accessor")
        case .number:
            let raw = String(decoding: view.rawBytes, as: UTF8.self)
            let double = view.doubleValue ?? .nan
            let reference = Double(raw) ?? .nan
            fuzzCheck(double.bitPattern == reference.bitPattern, "doubleValue \(double) != \(reference) for \(raw)")
            if view.isInteger {
                fuzzCheck(view.int64Value == Int64(raw), "int64Value for \(raw)")
            } else if let i = view.int64Value {
                fuzzCheck(Double(i) == reference, "exact int64Value \(i) for \(raw)")
            }
        case .string:
            let s = view.stringValue ?? ""
            fuzzCheck(view.stringEquals(s), "stringEquals(stringValue)")
            fuzzCheck(!view.stringEquals(s + "x"), "stringEquals accepts a longer string")
            let units = view.utf16Units ?? []
            fuzzCheck(view.hasLoneSurrogate || Array(s.utf16) == units, "utf16Units differ from stringValue")
            var out: [UInt8] = []
            JSONWriter.appendString(utf16: units, to: &out)
            let back = try? JSONDocument(parsing: out[...]).root.utf16Units
            fuzzCheck(back == units, "UTF-16 string round trip")
        case .array:
            var n = 0
            for element in view.elements {
                pending.append(element)
                n += 1
            }
            fuzzCheck(n == view.count, "element count")
            if n > 0 { fuzzCheck(view[n - 1]?.rawBytes.startIndex == pending.last?.rawBytes.startIndex, "subscript") }
        case .object:
            var n = 0
            for member in view.members {
                fuzzCheck(member.key.kind == .string, "key kind")
                pending.append(member.key)
                pending.append(member.value)
                n += 1
            }
            fuzzCheck(n == view.count, "member count")
        }
    }
}

/// Whether `parsed` is what JavaScript would hold after `JSON.parse(JSON.stringify(original))`: numbers compare as
/// Doubles (an `Int64` beyond 2^53 and its shortest Double text are the same Number), non-finite numbers became null.
func sameAsJavaScript(_ parsed: JSONValue, _ original: JSONValue) -> Bool {
    var pending = [(parsed, original)]
    while let (a, b) = pending.popLast() {
        switch (a, b) {
        case (.null, .double(let d)) where !d.isFinite: continue
        case (.int, _), (.double, _):
            guard let x = a.doubleValue, let y = b.doubleValue, x == y else { return false }
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            pending.append(contentsOf: zip(x, y))
        case (.object(let x), .object(let y)):
            guard x.keys == y.keys else { return false }
            pending.append(contentsOf: zip(x.values, y.values))
        case (.null, _), (.bool, _), (.string, _), (.array, _), (.object, _), (.binary, _):
            guard a == b else { return false }
        }
    }
    return true
}

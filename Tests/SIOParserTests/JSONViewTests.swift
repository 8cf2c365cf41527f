import SIOParser
import Testing

private func parse(_ text: String, options: JSONOptions = .init()) throws -> JSONDocument<ArraySlice<UInt8>> {
    try JSONDocument(parsing: ArraySlice(Array(text.utf8)), options: options)
}

@Test func viewReadsScalarsLazily() throws {
    let doc = try parse(#" ["event", {"a": 1, "b": [true, null, -2.5e1]}, "x\n\u00e9\ud83d\ude00"] "#)
    let root = doc.root
    #expect(root.kind == .array)
    #expect(root.count == 3)
    #expect(root[0]?.stringEquals("event") == true)
    #expect(root[0]?.stringEquals("even") == false)
    #expect(root[1]?["a"]?.int64Value == 1)
    #expect(root[1]?["b"]?[0]?.boolValue == true)
    #expect(root[1]?["b"]?[1]?.kind == .null)
    #expect(root[1]?["b"]?[2]?.doubleValue == -25)
    #expect(root[1]?["b"]?[2]?.int64Value == -25)
    #expect(root[1]?["b"]?[2]?.isInteger == false)
    #expect(root[2]?.stringValue == "x\né😀")
    #expect(root[2]?.stringEquals("x\né😀") == true)
    #expect(root[3] == nil)
    #expect(String(decoding: root[1]!["b"]!.rawBytes, as: UTF8.self) == "[true, null, -2.5e1]")
    #expect(root.elements.map { $0.kind } == [.string, .object, .string])
    #expect(root[1]!.members.map { $0.key.stringValue! } == ["a", "b"])
}

@Test func decodedValueKeepsIntegersAndOrder() throws {
    let doc = try parse(#"{"z":1,"a":1.0,"m":[1e2,-0,9223372036854775808],"d":{"k":"v","k":"w"}}"#)
    let value = doc.root.decodedValue()
    let expected: JSONValue = [
        "z": 1, "a": .double(1), "m": [.double(100), .int(0), .double(9223372036854775808)], "d": ["k": "w"],
    ]
    #expect(value == expected)
    if case .object(let object) = value {
        #expect(object.keys == ["z", "a", "m", "d"])
    }
    #expect(value.serializedString() == #"{"z":1,"a":1,"m":[100,0,9223372036854776000],"d":{"k":"w"}}"#)
}

import SIOParser
import Testing

@Suite struct JSONValueTests {
    @Test func literalsBuildValues() {
        let value: JSONValue = ["a": [1, 2.5, "x", true, nil], "b": ["c": "d"]]
        #expect(value["a"]?[0] == .int(1))
        #expect(value["a"]?[1] == .double(2.5))
        #expect(value["a"]?[2]?.stringValue == "x")
        #expect(value["a"]?[3]?.boolValue == true)
        #expect(value["a"]?[4] == .null)
        #expect(value["b"]?["c"] == "d")
        #expect(value["missing"] == nil)
        #expect(value.kind == .object)
        #expect(value.serializedString() == #"{"a":[1,2.5,"x",true,null],"b":{"c":"d"}}"#)
    }

    @Test func valuesParseFromTextAndBytes() throws {
        #expect(try JSONValue(parsing: #"{"a":[1,"x"]}"#) == ["a": [1, "x"]])
        #expect(try JSONValue(parsing: Array("[true]".utf8)) == [true])
        #expect(throws: JSONError.self) { try JSONValue(parsing: "[1,]") }
    }

    @Test func numbersCompareByExactValue() {
        #expect(JSONValue.int(1) == .double(1))
        #expect(JSONValue.double(1) == .int(1))
        #expect(JSONValue.int(9_007_199_254_740_993) != .double(9_007_199_254_740_992))
        #expect(JSONValue.int(0) == .double(-0.0))
        #expect(JSONValue.double(.nan) != .double(.nan))
        #expect(Set<JSONValue>([.int(1), .double(1), .double(1.5)]).count == 2)
        #expect(JSONValue.int(3).hashValue == JSONValue.double(3).hashValue)
        #expect(JSONValue.double(2.5).int64Value == nil)
        #expect(JSONValue.double(4).int64Value == 4)
        #expect(JSONValue.double(9.3e18).int64Value == nil)
        #expect(JSONValue.int(7).doubleValue == 7)
    }

    @Test func objectsKeepOrderAndCompareWithoutIt() {
        var object = JSONObject()
        object["b"] = 1
        object["a"] = 2
        object["b"] = 3
        #expect(object.keys == ["b", "a"])
        #expect(object["b"] == 3)
        let other: JSONObject = ["a": 2, "b": 3]
        #expect(object == other)
        #expect(object.hashValue == other.hashValue)
        #expect(JSONValue.object(object).serializedString() == #"{"b":3,"a":2}"#)
        object["b"] = nil
        #expect(object.keys == ["a"])
        #expect(object != other)
        #expect(object.map { $0.key } == ["a"])
    }

    @Test func largeObjectsStayConsistentThroughTheirIndex() {
        var object = JSONObject()
        for i in 0..<100 { object["k\(i)"] = .int(Int64(i)) }
        for i in stride(from: 0, to: 100, by: 3) { object["k\(i)"] = nil }
        object["k5"] = "five"
        object["new"] = true
        #expect(object.count == 100 - 34 + 1)
        #expect(object["k5"] == "five")
        #expect(object["k3"] == nil)
        #expect(object["k98"] == 98)
        #expect(object.keys.last == "new")
        for (position, key) in object.keys.enumerated() {
            #expect(object[key] == object.values[position])
        }
        #expect(JSONObject(object.map { ($0.key, $0.value) }) == object)
    }

    @Test func binaryIsWrittenAsPlaceholdersOnlyWhenAsked() {
        let value: JSONValue = ["file": .binary([1, 2, 255]), "more": [.binary([])]]
        #expect(value.containsBinary)
        #expect(!JSONValue.array([1, "x"]).containsBinary)
        var attachments: [[UInt8]] = []
        var out: [UInt8] = []
        value.serialize(into: &out) { bytes in
            attachments.append(bytes)
            return attachments.count - 1
        }
        #expect(String(decoding: out, as: UTF8.self)
            == #"{"file":{"_placeholder":true,"num":0},"more":[{"_placeholder":true,"num":1}]}"#)
        #expect(attachments == [[1, 2, 255], []])
        // Without the callback: what Node's JSON.stringify writes for a Buffer.
        #expect(value.serializedString()
            == #"{"file":{"type":"Buffer","data":[1,2,255]},"more":[{"type":"Buffer","data":[]}]}"#)
    }

    @Test func deepValuesSerializeWithoutRecursion() throws {
        var value: JSONValue = 0
        for _ in 0..<2000 { value = .array([value]) }
        let text = value.serialized()
        #expect(text.count == 4001)
        let document = try JSONDocument(parsing: text[...], options: JSONOptions(maxDepth: 2000))
        #expect(document.root.decodedValue() == value)
        #expect(throws: JSONError.self) { try JSONDocument(parsing: text[...]) }
    }

    /// The writer's eight-bytes-at-a-time scan must find an escape at every position of a word.
    @Test func stringEscapesAreFoundAtEveryPosition() {
        let specials: [Character] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "\u{7F}", "😀"]
        for special in specials {
            for length in 0..<20 {
                for position in 0...length {
                    var text = String(repeating: "a", count: length)
                    text.insert(special, at: text.index(text.startIndex, offsetBy: position))
                    var fast: [UInt8] = []
                    JSONWriter.appendString(text, to: &fast)
                    var reference: [UInt8] = []
                    JSONWriter.appendString(utf16: Array(text.utf16), to: &reference)
                    #expect(fast == reference, "\(Array(text.utf16))")
                }
            }
        }
    }

    @Test func integersAndSpecialDoublesAreWrittenLikeJavaScript() {
        func int(_ v: Int64) -> String {
            var out: [UInt8] = []
            JSONWriter.appendInt(v, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(int(0) == "0")
        #expect(int(-7) == "-7")
        #expect(int(1_234_567_890) == "1234567890")
        #expect(int(.max) == "9223372036854775807")
        #expect(int(.min) == "-9223372036854775808")
        #expect(JSONValue.double(.nan).serializedString() == "null")
        #expect(JSONValue.double(-.infinity).serializedString() == "null")
        #expect(JSONValue.double(-0.0).serializedString() == "0")
    }
}

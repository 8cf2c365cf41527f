import Foundation
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

    /// Doubles that are short exact decimals (integers, halves, ..., 1/64ths) take a fast path that skips
    /// `description`; their text must still be JavaScript's: the exact decimal, plain notation, no trailing zeros.
    @Test func shortExactDecimalsAreWrittenLikeJavaScript() {
        func double(_ v: Double) -> String {
            var out: [UInt8] = []
            JSONWriter.appendDouble(v, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        func exact(_ v: Double) -> String {
            // printf rounds exactly; every value below has at most six fraction digits, so this is its exact decimal.
            var text = String(format: "%.6f", v)
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0.5, 7.5, 0.25, 0.015625, 1, 100, 1e14, 999_999_999_999_999, 1e15 - 0.5, 2e15, 9e15]
        for _ in 0..<20_000 {
            let shift = Int.random(in: 0...6, using: &generator)
            let magnitude = UInt64.random(in: 0...(UInt64(1) << Int.random(in: 1...53, using: &generator)),
                                          using: &generator)
            samples.append(Double(magnitude) / Double(1 << shift))
        }
        var shortCount = 0
        for v in samples where v < 9_007_199_254_740_992 {
            let decimal = exact(v)
            let significant = decimal.filter(\.isNumber).drop { $0 == "0" }
            guard significant.count <= 15 else {
                // Sixteen digits or more: a shorter decimal reads back the same (the general path's business).
                #expect(Double(double(v)) == v && double(v).count <= decimal.count, "\(v)")
                continue
            }
            shortCount += 1
            #expect(double(v) == decimal, "\(v)")
            #expect(double(-v) == (v == 0 ? "0" : "-" + decimal), "\(-v)")
        }
        #expect(shortCount > 10_000)
        // Not short exact decimals: the general path.
        #expect(double(0.1) == "0.1")
        #expect(double(1.0 / 3) == "0.3333333333333333")
        #expect(double(0.0000005) == "5e-7")
        #expect(double(0.000001) == "0.000001")
        #expect(double(1e21) == "1e+21")
        #expect(double(123_456_789.123) == "123456789.123")
        #expect(JSONValue.int(.min).serializedString() == "-9223372036854775808")
        #expect(JSONValue.int(.max).serializedString() == "9223372036854775807")
        #expect(JSONValue.array([.int(10), .int(-10), .int(0), .double(2.5)]).serializedString() == "[10,-10,0,2.5]")
    }
}

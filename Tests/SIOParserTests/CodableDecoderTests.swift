import SIOParser
import Testing

@Suite struct CodableDecoderTests {
    static let messageJSON = #"""
        {"user":"ann","text":"hi","mood":"happy","level":2,"tags":["a","b"],
         "meta":{"id":18446744073709551615,"ratio":0.5,"grid":[[1,2],[],[3]]},
         "scores":{"x":1,"y":-2},"shape":{"circle":{"radius":1.5}},"extra":[1,{"ignored":true}]}
        """#

    @Test func nestedStructWithOptionalsEnumsAndDictionaries() throws {
        let message = try decodeJSON(SampleMessage.self, Self.messageJSON)
        #expect(message == SampleMessage(
            user: "ann", text: "hi", mood: .happy, level: .high, tags: ["a", "b"],
            meta: SampleMeta(id: .max, ratio: 0.5, grid: [[1, 2], [], [3]]),
            scores: ["x": 1, "y": -2], shape: .circle(radius: 1.5)
        ))
    }

    @Test func absentAndNullOptionals() throws {
        let json = #"{"user":"u","text":"","mood":null,"level":1,"tags":[],"scores":{},"shape":{"none":{}}}"#
        let message = try decodeJSON(SampleMessage.self, json)
        #expect(message.mood == nil)
        #expect(message.meta == nil)
        #expect(message.shape == .none)
        #expect(message.level == .low)
    }

    @Test func unicodeAndEscapes() throws {
        let json = #"["q\"b\\s\/n\nt\tr\rb\bf\f\u0001\u001f\u007f\u2028\u00e9\ud83d\ude00é中😀"]"#
        let strings = try decodeJSON([String].self, json)
        #expect(strings == ["q\"b\\s/n\nt\tr\rb\u{8}f\u{C}\u{1}\u{1F}\u{7F}\u{2028}é😀é中😀"])
        // Keys with escapes are matched against their decoded text.
        let escapedKey = try decodeJSON([String: Int].self, #"{"\u0075ser":1,"é\n":2}"#)
        #expect(escapedKey == ["user": 1, "é\n": 2])
        struct Keyed: Decodable, Equatable { var user: Int }
        #expect(try decodeJSON(Keyed.self, #"{"\u0075ser":7}"#) == Keyed(user: 7))
    }

    @Test func duplicateKeysKeepTheLastAsJSONParseDoes() throws {
        struct One: Decodable { var a: Int }
        #expect(try decodeJSON(One.self, #"{"a":1,"a":2}"#).a == 2)
    }

    @Test func integersAtTheEdges() throws {
        #expect(try decodeJSON(Int8.self, "127") == 127)
        #expect(try decodeJSON(Int8.self, "-128") == -128)
        #expect(try decodeJSON(UInt8.self, "255") == 255)
        #expect(try decodeJSON(Int64.self, "9223372036854775807") == .max)
        #expect(try decodeJSON(Int64.self, "-9223372036854775808") == .min)
        #expect(try decodeJSON(UInt64.self, "18446744073709551615") == .max)
        #expect(try decodeJSON(UInt.self, "18446744073709551615") == .max)
        #expect(try decodeJSON(Int.self, "-0") == 0)
        #expect(try decodeJSON(Int.self, "1.0") == 1)
        #expect(try decodeJSON(Int.self, "1e2") == 100)
        #expect(try decodeJSON(UInt64.self, "1.8e19") == 18_000_000_000_000_000_000)
    }

    @Test(arguments: [
        ("128", "Int8"), ("-129", "Int8"), ("256", "UInt8"), ("-1", "UInt8"), ("-1", "UInt64"),
        ("1.5", "Int"), ("1e-1", "Int"), ("9223372036854775808", "Int64"), ("18446744073709551616", "UInt64"),
        ("1e400", "Int"), ("65536", "UInt16"), ("4294967296", "UInt32"), ("2147483648", "Int32"), ("-32769", "Int16"),
    ])
    func integersOutOfRangeOrNotIntegral(text: String, type: String) throws {
        let error: (any Error)?
        do {
            switch type {
            case "Int8": _ = try decodeJSON(Int8.self, text)
            case "UInt8": _ = try decodeJSON(UInt8.self, text)
            case "Int16": _ = try decodeJSON(Int16.self, text)
            case "UInt16": _ = try decodeJSON(UInt16.self, text)
            case "Int32": _ = try decodeJSON(Int32.self, text)
            case "UInt32": _ = try decodeJSON(UInt32.self, text)
            case "Int64": _ = try decodeJSON(Int64.self, text)
            case "UInt64": _ = try decodeJSON(UInt64.self, text)
            default: _ = try decodeJSON(Int.self, text)
            }
            error = nil
        } catch let caught {
            error = caught
        }
        guard case .dataCorrupted(let context) = try #require(error as? DecodingError) else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains(text))
    }

    @Test func integralFloatsCanBeRefused() throws {
        let strict = SIOValueDecoder.Options(acceptsIntegralFloatingPointForIntegers: false)
        #expect(throws: DecodingError.self) { try decodeJSON(Int.self, "1.0", options: strict) }
        #expect(try decodeJSON(Int.self, "1", options: strict) == 1)
    }

    @Test func floatingPoint() throws {
        #expect(try decodeJSON(Double.self, "5") == 5)
        #expect(try decodeJSON(Double.self, "-0.0").sign == .minus)
        #expect(try decodeJSON(Double.self, "1.7976931348623157e308") == .greatestFiniteMagnitude)
        #expect(try decodeJSON(Double.self, "5e-324") == .leastNonzeroMagnitude)
        #expect(try decodeJSON(Double.self, "18446744073709551616") == 18446744073709551616.0)
        #expect(try decodeJSON(Float.self, "0.1") == Float(0.1))
        #expect(throws: DecodingError.self) { try decodeJSON(Float.self, "1e39") }
        #expect(try decodeJSON(Double.self, "1e400") == .infinity)
    }

    @Test func typeMismatchesCarryTheCodingPath() throws {
        let json = #"{"user":"u","text":"t","level":1,"tags":["a",2],"scores":{},"shape":{"none":{}}}"#
        let error = #expect(throws: DecodingError.self) { try decodeJSON(SampleMessage.self, json) }
        guard case .typeMismatch(let type, _) = error else {
            Issue.record("expected typeMismatch, got \(String(describing: error))")
            return
        }
        #expect(type is String.Type)
        #expect(pathOf(error!) == ["tags", "#1"])

        let deep = #"{"user":"u","text":"t","level":1,"tags":[],"scores":{},"shape":{"none":{}},"#
            + #""meta":{"id":1,"ratio":1,"grid":[[1],[2,"x"]]}}"#
        let deepError = #expect(throws: DecodingError.self) { try decodeJSON(SampleMessage.self, deep) }
        #expect(pathOf(deepError!) == ["meta", "grid", "#1", "#1"])

        #expect(throws: DecodingError.self) { try decodeJSON(Bool.self, "1") }
        #expect(throws: DecodingError.self) { try decodeJSON(String.self, "[]") }
        #expect(throws: DecodingError.self) { try decodeJSON([Int].self, "{}") }
        #expect(throws: DecodingError.self) { try decodeJSON(SampleMeta.self, "[]") }
        #expect(throws: DecodingError.self) { try decodeJSON(SampleLevel.self, "3") }
        #expect(throws: DecodingError.self) { try decodeJSON(SampleMood.self, #""angry""#) }
    }

    @Test func missingKeyAndNullValue() throws {
        let missing = #expect(throws: DecodingError.self) { try decodeJSON(SampleMeta.self, #"{"id":1,"grid":[]}"#) }
        guard case .keyNotFound(let key, let context) = missing else {
            Issue.record("expected keyNotFound, got \(String(describing: missing))")
            return
        }
        #expect(key.stringValue == "ratio")
        #expect(context.codingPath.isEmpty)

        let null = #expect(throws: DecodingError.self) { try decodeJSON(SampleMeta.self, #"{"id":1,"ratio":null,"grid":[]}"#) }
        guard case .valueNotFound = null else {
            Issue.record("expected valueNotFound, got \(String(describing: null))")
            return
        }
        #expect(pathOf(null!) == ["ratio"])
    }

    @Test func unkeyedContainerPastTheEnd() throws {
        struct Pair: Decodable {
            var a: Int
            var b: Int
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                a = try container.decode(Int.self)
                b = try container.decode(Int.self)
            }
        }
        #expect(try decodeJSON(Pair.self, "[1,2]").b == 2)
        let error = #expect(throws: DecodingError.self) { try decodeJSON(Pair.self, "[1]") }
        guard case .valueNotFound = error else {
            Issue.record("expected valueNotFound, got \(String(describing: error))")
            return
        }
        #expect(pathOf(error!) == ["#1"])
        #expect(try decodeJSON([Int?].self, "[1,null,3]") == [1, nil, 3])
    }

    @Test func superDecoderReadsTheSuperMember() throws {
        let dog = try decodeJSON(Dog.self, #"{"name":"rex","super":{"legs":4}}"#)
        #expect(dog.name == "rex")
        #expect(dog.legs == 4)
    }

    @Test func depthIsBounded() throws {
        final class Nest: Decodable { var children: [Nest] }
        let deep = String(repeating: #"{"children":["#, count: 20) + String(repeating: "]}", count: 20)
        #expect(throws: DecodingError.self) {
            try decodeJSON(Nest.self, deep, options: .init(maxDepth: 10))
        }
        #expect(try decodeJSON(Nest.self, deep, options: .init(maxDepth: 64)).children.count == 1)
    }

    @Test func optionalMembersStillCheckTheirType() throws {
        struct Optionals: Decodable { var a: Int?; var b: String?; var c: [Int]? }
        let value = try decodeJSON(Optionals.self, #"{"a":null,"c":[1]}"#)
        #expect(value.a == nil && value.b == nil && value.c == [1])
        let error = #expect(throws: DecodingError.self) { try decodeJSON(Optionals.self, #"{"b":5}"#) }
        #expect(pathOf(error!) == ["b"])
        #expect(throws: DecodingError.self) { try decodeJSON(Optionals.self, #"{"a":1.5}"#) }
    }

    @Test func userInfoReachesTheDecodable() throws {
        let key = try #require(CodingUserInfoKey(rawValue: "unit"))
        struct Reader: Decodable {
            var unit: String
            init(from decoder: any Decoder) throws {
                let key = CodingUserInfoKey(rawValue: "unit")!
                unit = decoder.userInfo[key] as? String ?? "none"
            }
        }
        let decoder = SIOValueDecoder(userInfo: [key: "cm"])
        #expect(try decoder.decode(Reader.self, from: codableDocument("{}").root).unit == "cm")
    }

    @Test func bytesWithoutContiguousStorageAreCopiedOnce() throws {
        let bytes = ChunkedBytes(Array(#"["chat",{"user":"a","text":"t","level":2,"tags":[],"scores":{},"shape":{"none":{}}}]"#.utf8))
        let document = try JSONDocument(parsing: bytes)
        let (name, message) = try SIOValueDecoder().decodeArguments(String.self, SampleMessage.self, from: document.root)
        #expect(name == "chat")
        #expect(message.level == .high)
    }
}

/// Bytes that refuse `withContiguousStorageIfAvailable`, as a rope or a chain of buffers would.
struct ChunkedBytes: RandomAccessCollection, Sendable {
    let storage: [UInt8]
    let startIndex: Int
    let endIndex: Int

    init(_ storage: [UInt8]) {
        self.storage = storage
        startIndex = 0
        endIndex = storage.count
    }

    private init(storage: [UInt8], bounds: Range<Int>) {
        self.storage = storage
        startIndex = bounds.lowerBound
        endIndex = bounds.upperBound
    }

    subscript(position: Int) -> UInt8 { storage[position] }
    subscript(bounds: Range<Int>) -> ChunkedBytes { ChunkedBytes(storage: storage, bounds: bounds) }
}

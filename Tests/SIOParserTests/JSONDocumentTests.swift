import SIOParser
import Testing

/// A byte collection without contiguous storage, to take the documented copy-once path.
struct ScatteredBytes: RandomAccessCollection, Sendable {
    var storage: [UInt8]
    var startIndex: Int
    var endIndex: Int

    init(_ bytes: [UInt8]) {
        storage = bytes
        startIndex = 0
        endIndex = bytes.count
    }

    subscript(position: Int) -> UInt8 { storage[position] }
    subscript(bounds: Range<Int>) -> ScatteredBytes {
        var copy = self
        copy.startIndex = bounds.lowerBound
        copy.endIndex = bounds.upperBound
        return copy
    }
}

@Suite struct JSONDocumentTests {
    let vectors: JSONVectors

    init() throws { vectors = try JSONVectors.load() }

    @Test func documentsInsideLargerBuffersUseTheirOwnOffsets() throws {
        for vector in vectors.valid {
            let plain = try parseJSON(vector.encoded).root.decodedValue()
            let buffer = Array("xx[garbage".utf8) + Array(vector.encoded.utf8) + Array("]]trailing".utf8)
            let slice = buffer[10..<(10 + vector.encoded.utf8.count)]
            let document = try JSONDocument(parsing: slice)
            #expect(document.root.decodedValue() == plain, "\(vector.encoded)")
            #expect(document.root.rawBytes.startIndex >= 10)
            #expect(document.root.rawBytes.endIndex <= slice.endIndex)
        }
    }

    @Test func errorOffsetsAreRelativeToTheDocumentStart() {
        let buffer = Array("[1,2,3] [1,]".utf8)
        do {
            _ = try JSONDocument(parsing: buffer[8...])
            Issue.record("accepted")
        } catch {
            #expect(error.code == .unexpectedCharacter)
            #expect(error.offset == 3)
        }
    }

    @Test func nonContiguousBytesAreCopiedOnceAndParseTheSame() throws {
        for vector in vectors.valid {
            let plain = try parseJSON(vector.encoded).root.decodedValue()
            let scattered = try JSONDocument(parsing: ScatteredBytes(Array(vector.encoded.utf8)))
            #expect(scattered.root.decodedValue() == plain, "\(vector.encoded)")
        }
        for vector in vectors.invalid {
            #expect(throws: JSONError.self) { try JSONDocument(parsing: ScatteredBytes(vector.bytes)) }
        }
    }

    /// The parser is not a streaming decoder (a document arrives whole, inside one Engine.IO message), but every cut
    /// of a valid document must still be handled cleanly: a prefix is either itself a document or an error whose
    /// offset lies inside it.
    @Test func everyPrefixIsRejectedCleanlyOrIsItselfValid() throws {
        for vector in vectors.valid {
            let bytes = Array(vector.encoded.utf8)
            for cut in 0..<bytes.count {
                do {
                    _ = try JSONDocument(parsing: bytes[..<cut])
                } catch {
                    #expect(error.offset <= cut, "\(vector.encoded) cut at \(cut): \(error)")
                }
            }
        }
    }

    @Test func readingTheFirstElementLeavesTheRestAlone() throws {
        let document = try parseJSON(#"["chat message", {"user": "a", "text": "hello"}, [1, 2, 3]]"#)
        let root = document.root
        #expect(root[0]?.stringEquals("chat message") == true)
        #expect(root[0]?.stringValue == "chat message")
        #expect(root[2]?[1]?.int64Value == 2)
        #expect(root[-1] == nil)
        #expect(root["x"] == nil)
        #expect(root[1]?[0] == nil)
        #expect(root[1]?["text"]?.stringValue == "hello")
        #expect(root[1]?.count == 2)
        #expect(root[0]?.count == 0)
        #expect(Array(root[0]!.elements).isEmpty)
        #expect(Array(root[0]!.members).isEmpty)
        var out: [UInt8] = []
        root[1]?.serialize(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"user": "a", "text": "hello"}"#)
    }

    @Test func repeatedKeysResolveToTheLastValue() throws {
        let root = try parseJSON(#"{"a":1,"b":2,"a":3}"#).root
        #expect(root["a"]?.int64Value == 3)
        #expect(root.count == 3)
        #expect(root.members.map { $0.key.stringValue ?? "" } == ["a", "b", "a"])
        let value = root.decodedValue()
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func repeatedKeysInLargeObjectsResolveLikeJSONParse() throws {
        var text = "{"
        for i in 0..<30 { text += "\"k\(i % 20)\":\(i)," }
        text += "\"last\":true}"
        let value = try parseJSON(text).root.decodedValue()
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == 21)
        #expect(object.keys.prefix(3) == ["k0", "k1", "k2"])
        #expect(object["k5"] == 25)
        #expect(object["k15"] == 15)
        #expect(object.keys.last == "last")
        let distinct = try parseJSON(#"{"a":1,"b":2,"c":3}"#).root.decodedValue()
        #expect(distinct == ["a": 1, "b": 2, "c": 3])
    }

    /// The scanner's eight-bytes-at-a-time loop must stop at a special byte in every position of a word.
    @Test func stringScannerFindsSpecialBytesAtEveryPosition() throws {
        for length in 0..<20 {
            for position in 0...length {
                let before = Array(repeating: UInt8(ascii: "a"), count: position)
                let after = Array(repeating: UInt8(ascii: "b"), count: length - position)
                func document(_ middle: [UInt8]) -> [UInt8] { [0x22] + before + middle + after + [0x22] }
                let expected = String(repeating: "a", count: position) + "\n\u{e9}\"" + String(repeating: "b", count: length - position)
                let view = try parseJSON(document(Array(#"\n\u00e9\""#.utf8))).root
                #expect(view.stringValue == expected)
                let raw = try parseJSON(document([0x5C, 0x6E, 0xC3, 0xA9, 0x5C, 0x22])).root
                #expect(raw.stringValue == expected)
                for bad: UInt8 in [0x00, 0x0A, 0x1F] {
                    #expect(throws: JSONError(.controlCharacterInString, offset: position + 1,
                                              detail: "raw control character byte 0x\(bad < 0x10 ? "0" : "")\(String(bad, radix: 16, uppercase: true)) in a string; it must be escaped")) {
                        try parseJSON(document([bad]))
                    }
                }
                #expect(throws: JSONError.self) { try parseJSON(document([0xFF])) }
                let unterminated = [0x22] + before + after
                #expect(throws: JSONError.self) { try parseJSON(unterminated) }
            }
        }
    }

    /// Decoding switches from recursion to the explicit stack part-way down; both halves must agree.
    @Test func deepMixedNestingDecodesExactly() throws {
        for depth in [1, 23, 24, 25, 26, 100, 511] {
            var value: JSONValue = ["leaf": "x", "n": 1.5]
            for level in 0..<depth {
                value = level % 2 == 0 ? [.int(Int64(level)), value, .string("s\(level)")] : ["k": value, "i": .int(Int64(level))]
            }
            let document = try parseJSON(value.serialized())
            #expect(document.root.decodedValue() == value, "depth \(depth)")
            #expect(document.root[1]?.decodedValue() == value[1], "depth \(depth)")
        }
    }

    @Test func escapedKeysAreMatchedDecoded() throws {
        let root = try parseJSON(#"{"\u0061\n":1,"\ud83d\ude00":2,"\ud800":3}"#).root
        #expect(root["a\n"]?.int64Value == 1)
        #expect(root["😀"]?.int64Value == 2)
        #expect(root["\u{FFFD}"]?.int64Value == 3)
        #expect(root["a"] == nil)
    }

    @Test func errorsDescribeThemselves() {
        do {
            _ = try parseJSON("[1,]")
        } catch {
            #expect(error.description.contains("unexpectedCharacter"))
            #expect(error.description.contains("offset 3"))
            #expect(error == JSONError(.unexpectedCharacter, offset: 3, detail: error.detail))
        }
    }
}

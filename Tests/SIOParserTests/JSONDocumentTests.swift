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

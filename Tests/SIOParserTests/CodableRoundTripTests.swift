import Foundation
import SIOParser
import Testing

@Suite struct CodableRoundTripTests {
    /// Encodes, parses the output with JSONDocument, decodes with the encoded attachments.
    func roundTrip<T: Codable>(_ value: T) throws -> T {
        let encoded = try SIOValueEncoder().encode(value)
        let attachments = encoded.attachments.map { ArraySlice(bytesOf($0)) }
        return try SIOValueDecoder().decode(
            T.self, from: codableDocument(encoded.jsonString).root, attachments: attachments
        )
    }

    static let messages: [SampleMessage] = [
        SampleMessage(
            user: "ann", text: "hi", mood: .sad, level: .high, tags: ["a", "", "é\n\"\\"],
            meta: SampleMeta(id: .max, ratio: -1.25e-300, grid: [[Int.min, Int.max], []]),
            scores: ["x": 1, "\u{2028}": 0, "": -5], shape: .circle(radius: 0.1)
        ),
        SampleMessage(user: "", text: "😀\u{0}\u{1F}", mood: nil, level: .low, tags: [], meta: nil, scores: [:], shape: .none),
    ]

    @Test(arguments: messages)
    func messagesSurviveEncodeParseDecode(message: SampleMessage) throws {
        #expect(try roundTrip(message) == message)
    }

    @Test func attachmentsSurvive() throws {
        struct Files: Codable, Equatable {
            var main: SampleUpload
            var extra: [Data]
            var slices: [String: [UInt8]]
        }
        let files = Files(
            main: SampleUpload(name: "n", file: [0, 255], thumbnail: [1]),
            extra: [Data(), Data([1, 2, 3])],
            slices: ["s": [4, 5]]
        )
        let encoded = try SIOValueEncoder().encode(files)
        #expect(encoded.attachments.count == 5)
        #expect(try roundTrip(files) == files)
    }

    @Test func numbersSurvive() throws {
        struct Numbers: Codable, Equatable {
            var i8: Int8, i16: Int16, i32: Int32, i64: Int64, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
            var int: Int, uint: UInt, float: Float, double: Double
        }
        let edges = [
            Numbers(i8: .min, i16: .min, i32: .min, i64: .min, u8: .max, u16: .max, u32: .max, u64: .max,
                    int: .min, uint: .max, float: .greatestFiniteMagnitude, double: .leastNonzeroMagnitude),
            Numbers(i8: .max, i16: .max, i32: .max, i64: .max, u8: 0, u16: 0, u32: 0, u64: 0,
                    int: .max, uint: 0, float: 0.1, double: 0.1),
        ]
        for value in edges {
            #expect(try roundTrip(value) == value)
        }
    }

    @Test func dictionariesWithStringAndIntegerKeys() throws {
        // node: JSON.stringify({7:"a"}) is {"7":"a"}; integer keys travel as strings.
        #expect(try SIOValueEncoder().encode([7: "a"]).jsonString == #"{"7":"a"}"#)
        #expect(try roundTrip([7: "a", -1: "b"]) == [7: "a", -1: "b"])
        #expect(try roundTrip(["k": [1, 2], "": []]) == ["k": [1, 2], "": []])
        #expect(try decodeJSON([Int: String].self, #"{"1":"x"}"#) == [1: "x"])
        #expect(throws: DecodingError.self) { try decodeJSON([Int: String].self, #"{"one":"x"}"#) }
    }

    @Test func dogSurvivesThroughSuperEncoderAndSuperDecoder() throws {
        let dog = try roundTrip(Dog(legs: 3, name: "tripod"))
        #expect(dog.legs == 3)
        #expect(dog.name == "tripod")
    }

    /// The encoder's output parses, and re-serializing the parsed value gives the same bytes (canonical JSON).
    @Test(arguments: messages)
    func outputIsCanonicalJSON(message: SampleMessage) throws {
        var message = message
        // JSONValue holds integers beyond Int64 as doubles (as JavaScript would), so keep the id small here.
        message.meta?.id = 7
        let encoded = try SIOValueEncoder().encode(message)
        var again: [UInt8] = []
        try codableDocument(encoded.jsonString).root.decodedValue().serialize(into: &again)
        #expect(again == encoded.json)
    }
}

extension SampleMessage: CustomTestStringConvertible {
    var testDescription: String { "SampleMessage(\(user.debugDescription))" }
}

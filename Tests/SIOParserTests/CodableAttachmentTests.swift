import Foundation
import SIOParser
import Testing

@Suite struct CodableAttachmentTests {
    static let payload = #"["upload",{"name":"a.png","file":{"_placeholder":true,"num":0}},{"num":1,"_placeholder":true}]"#
    static let attachments: [[UInt8]] = [[1, 2, 3], [0xFF, 0, 0x80]]

    @Test func placeholdersDecodeIntoByteArraysAndData() throws {
        let doc = try codableDocument(Self.payload)
        let decoder = SIOValueDecoder()
        let slices = Self.attachments.map { ArraySlice($0) }
        let (name, upload, raw) = try decoder.decodeArguments(
            String.self, SampleUpload.self, [UInt8].self, from: doc.root, attachments: slices
        )
        #expect(name == "upload")
        #expect(upload == SampleUpload(name: "a.png", file: [1, 2, 3], thumbnail: nil))
        #expect(raw == [0xFF, 0, 0x80])
        #expect(try decoder.decodeArgument(Data.self, at: 2, of: doc.root, attachments: slices) == Data([0xFF, 0, 0x80]))
    }

    @Test func anyByteArrayReaderSeesTheAttachmentBytes() throws {
        // Not BinaryAttachmentDecodable: reads the placeholder as an unkeyed container of bytes.
        struct Checksum: Decodable {
            var sum = 0
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                #expect(container.count == 3)
                while !container.isAtEnd { sum += Int(try container.decode(UInt8.self)) }
            }
        }
        #expect(try decodeJSON(Checksum.self, #"{"_placeholder":true,"num":1}"#, attachments: Self.attachments).sum == 383)
        #expect(try decodeJSON([UInt16].self, #"{"_placeholder":true,"num":0}"#, attachments: Self.attachments) == [1, 2, 3])
        #expect(throws: DecodingError.self) {
            try decodeJSON([Int8].self, #"{"_placeholder":true,"num":1}"#, attachments: Self.attachments)
        }
        #expect(throws: DecodingError.self) {
            try decodeJSON([String].self, #"{"_placeholder":true,"num":1}"#, attachments: Self.attachments)
        }
    }

    @Test func plainJSONArraysStillDecodeIntoByteTypes() throws {
        #expect(try decodeJSON([UInt8].self, "[1,2,255]") == [1, 2, 255])
        #expect(try decodeJSON(Data.self, "[1,2,255]") == Data([1, 2, 255]))
        #expect(throws: DecodingError.self) { try decodeJSON([UInt8].self, "[256]") }
    }

    @Test(arguments: [
        #"{"_placeholder":true,"num":2}"#, #"{"_placeholder":true,"num":-1}"#, #"{"_placeholder":true,"num":0.5}"#,
        #"{"_placeholder":true,"num":"0"}"#, #"{"_placeholder":true}"#, #"{"_placeholder":true,"num":1e30}"#,
    ])
    func placeholderNumOutOfRangeOrMalformed(json: String) throws {
        let error = #expect(throws: DecodingError.self) {
            try decodeJSON([UInt8].self, json, attachments: Self.attachments)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(String(describing: error))")
            return
        }
        #expect(context.debugDescription.contains("placeholder"))
        #expect(throws: DecodingError.self) { try decodeJSON(Data.self, json, attachments: Self.attachments) }
    }

    @Test func aPlaceholderIsBinaryNotAnObjectOrString() throws {
        struct Shaped: Decodable { var num: Int }
        let placeholder = #"{"_placeholder":true,"num":0}"#
        let keyed = #expect(throws: DecodingError.self) {
            try decodeJSON(Shaped.self, placeholder, attachments: Self.attachments)
        }
        guard case .typeMismatch = keyed else {
            Issue.record("expected typeMismatch, got \(String(describing: keyed))")
            return
        }
        #expect(throws: DecodingError.self) { try decodeJSON(String.self, placeholder, attachments: Self.attachments) }
        // `_placeholder` other than `true` is an ordinary object.
        struct Marker: Decodable, Equatable { var _placeholder: Bool; var num: Int }
        #expect(try decodeJSON(Marker.self, #"{"_placeholder":false,"num":9}"#) == Marker(_placeholder: false, num: 9))
    }

    @Test func argumentsLikeAJavaScriptHandler() throws {
        let doc = try codableDocument(#"["chat",3]"#)
        let decoder = SIOValueDecoder()
        let (event, count, flag) = try decoder.decodeArguments(String.self, Int.self, Bool?.self, from: doc.root)
        #expect(event == "chat")
        #expect(count == 3)
        #expect(flag == nil)
        #expect(try decoder.decodeArguments(Int.self, from: doc.root, startingAt: 1) == 3)
        let missing = #expect(throws: DecodingError.self) {
            try decoder.decodeArgument(String.self, at: 2, of: doc.root)
        }
        guard case .valueNotFound = missing else {
            Issue.record("expected valueNotFound, got \(String(describing: missing))")
            return
        }
        #expect(pathOf(missing!) == ["#2"])
        let wrong = #expect(throws: DecodingError.self) {
            try decoder.decodeArguments(String.self, String.self, from: doc.root)
        }
        #expect(pathOf(wrong!) == ["#1"])
        #expect(throws: DecodingError.self) {
            try decoder.decodeArgument(String.self, at: 0, of: try codableDocument(#"{"a":1}"#).root)
        }
        #expect(try decoder.decodeArgument(Int?.self, at: -1, of: doc.root) == nil)
        #expect(try decoder.decodeArgument(Int?.self, at: .max, of: doc.root) == nil)
    }

    @Test func argumentsAsACollectionOfViews() throws {
        let doc = try codableDocument(Self.payload)
        let arguments = Array(doc.root.elements).dropFirst()  // what a decoded packet offers after the event name
        let slices = Self.attachments.map { ArraySlice($0) }
        let (upload, raw, missing) = try SIOValueDecoder().decodeArguments(
            SampleUpload.self, Data.self, String?.self, from: arguments, attachments: slices
        )
        #expect(upload.file == [1, 2, 3])
        #expect(raw == Data([0xFF, 0, 0x80]))
        #expect(missing == nil)
        let error = #expect(throws: DecodingError.self) {
            try SIOValueDecoder().decodeArguments(SampleUpload.self, String.self, from: arguments, attachments: slices)
        }
        #expect(pathOf(error!) == ["#1"])
    }
}

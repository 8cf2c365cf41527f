import SIOParser
import Testing

@Suite struct JSONVectorTests {
    let vectors: JSONVectors

    init() throws { vectors = try JSONVectors.load() }

    @Test func validDocumentsDecodeAndSerializeLikeJSONStringify() throws {
        #expect(vectors.valid.count > 30)
        for vector in vectors.valid {
            let document = try parseJSON(vector.encoded)
            let value = document.root.decodedValue()
            #expect(value.serializedString() == (vector.ours ?? vector.stringify), "\(vector.encoded)")
            // Round trip: serialize → parse → same value (non-finite numbers become null, as in JavaScript).
            let again = try parseJSON(value.serialized()).root.decodedValue()
            #expect(sameAsJavaScript(again, value), "\(vector.encoded)")
            // The raw text of the root is the document minus surrounding whitespace.
            let raw = String(decoding: document.root.rawBytes, as: UTF8.self)
            #expect(raw == vector.encoded.trimmingJSONWhitespace(), "\(vector.encoded)")
        }
    }

    @Test func numbersKeepIntegerAndExactValues() throws {
        for vector in vectors.numbers {
            let view = try parseJSON(vector.encoded).root
            #expect(view.kind == .number)
            #expect(view.isInteger == vector.isInteger, "\(vector.encoded)")
            #expect(view.int64Value.map { String($0) } == vector.int64, "\(vector.encoded)")
            let expected = doubleFromBits(vector.doubleBits)
            #expect(view.doubleValue?.bitPattern == expected.bitPattern, "\(vector.encoded): \(view.doubleValue ?? 0)")
            // decodedValue: .int only for integers written as such that fit Int64.
            switch view.decodedValue() {
            case .int(let i):
                #expect(vector.isInteger && vector.int64 == String(i), "\(vector.encoded)")
            case .double(let d):
                #expect(!(vector.isInteger && vector.int64 != nil), "\(vector.encoded)")
                #expect(d.bitPattern == expected.bitPattern, "\(vector.encoded)")
            default:
                Issue.record("\(vector.encoded) decoded to a non-number")
            }
        }
    }

    @Test func doublesFormatLikeJavaScript() {
        for vector in vectors.doubles {
            var out: [UInt8] = []
            JSONWriter.appendDouble(doubleFromBits(vector.doubleBits), to: &out)
            #expect(String(decoding: out, as: UTF8.self) == vector.expected, "bits \(vector.doubleBits)")
        }
    }

    @Test func stringsEscapeLikeJSONStringify() throws {
        for vector in vectors.strings {
            var out: [UInt8] = []
            JSONWriter.appendString(utf16: vector.utf16, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == vector.expected, "\(vector.utf16)")
            if let string = vector.string {
                var direct: [UInt8] = []
                JSONWriter.appendString(string, to: &direct)
                #expect(direct == out, "\(vector.utf16)")
                let view = try parseJSON(out).root
                #expect(view.stringValue == string)
                #expect(view.stringEquals(string))
            }
            // JSON.parse of the output gives back the same UTF-16, lone surrogates included.
            #expect(try parseJSON(out).root.utf16Units == vector.utf16, "\(vector.utf16)")
        }
    }

    @Test func loneSurrogatesArePreservedWhereDocumented() throws {
        for vector in vectors.loneSurrogates {
            let view = try parseJSON(vector.encoded).root
            #expect(view.utf16Units == vector.utf16, "\(vector.encoded)")
            #expect(view.stringValue == vector.stringValue, "\(vector.encoded)")
            #expect(view.stringEquals(vector.stringValue), "\(vector.encoded)")
            #expect(view.hasLoneSurrogate == vector.lone, "\(vector.encoded)")
            var canonical: [UInt8] = []
            JSONWriter.appendString(utf16: view.utf16Units ?? [], to: &canonical)
            #expect(String(decoding: canonical, as: UTF8.self) == vector.stringify, "\(vector.encoded)")
            var verbatim: [UInt8] = []
            view.serialize(into: &verbatim)
            #expect(try parseJSON(verbatim).root.utf16Units == vector.utf16)
        }
    }

    @Test func invalidDocumentsReportCodeAndOffset() {
        #expect(vectors.invalid.count > 40)
        for vector in vectors.invalid {
            let bytes = vector.bytes
            #expect(performing: { try parseJSON(bytes) }, throws: { error in
                guard let error = error as? JSONError else { return false }
                #expect(codeName(error) == vector.error, "\(vector.encoded ?? vector.encodedHex ?? ""): \(error)")
                #expect(error.offset == vector.offset, "\(vector.encoded ?? vector.encodedHex ?? ""): \(error)")
                return true
            })
        }
    }

    @Test func limitsAreEnforced() throws {
        for vector in vectors.limits {
            do {
                _ = try parseJSON(vector.encoded, options: vector.options)
                #expect(vector.error == nil, "\(vector.name): accepted")
            } catch {
                #expect(codeName(error) == vector.error, "\(vector.name): \(error)")
                #expect(error.offset == vector.offset, "\(vector.name): \(error)")
            }
        }
    }

    @Test func objectsKeepInsertionOrderEvenForIntegerLikeKeys() throws {
        for vector in vectors.objectOrder {
            let value = try parseJSON(vector.encoded).root.decodedValue()
            #expect(value.serializedString() == vector.ours)
            #expect(vector.ours != vector.node, "the vector documents the difference from JavaScript")
        }
    }
}

extension String {
    func trimmingJSONWhitespace() -> String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        var s = Substring(self)
        while let first = s.first, ws.contains(first) { s = s.dropFirst() }
        while let last = s.last, ws.contains(last) { s = s.dropLast() }
        return String(s)
    }
}

import NIOCore
import Testing

@testable import WSFraming

struct UTF8Vectors: Decodable {
    struct Sequence: Decodable {
        var name: String
        var encodedHex: String
        var valid: Bool
        var errorOffset: Int?
    }
    var sequences: [Sequence]
}

/// Validates `chunks` in order; returns the offset of the failure, or nil when the text is valid.
func validate(_ chunks: [ArraySlice<UInt8>]) -> Int? {
    var validator = UTF8Validator()
    do {
        for chunk in chunks { try validator.validate(chunk) }
        try validator.finish()
        return nil
    } catch {
        #expect(error == .invalidPayloadData)
        return error.offset ?? -1
    }
}

/// The plain byte-by-byte Table 3-7 check the fast paths must agree with, failing offset included.
func referenceFailure(_ bytes: [UInt8]) -> Int? {
    var needed = 0
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    for (index, byte) in bytes.enumerated() {
        if needed == 0 {
            switch byte {
            case 0x00...0x7F: continue
            case 0xC2...0xDF: needed = 1
            case 0xE0: needed = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: needed = 2
            case 0xED: needed = 2; high = 0x9F
            case 0xF0: needed = 3; low = 0x90
            case 0xF1...0xF3: needed = 3
            case 0xF4: needed = 3; high = 0x8F
            default: return index
            }
        } else {
            guard byte >= low && byte <= high else { return index }
            needed -= 1
            low = 0x80
            high = 0xBF
        }
    }
    return needed == 0 ? nil : bytes.count
}

@Suite struct UTF8ValidatorTests {
    @Test func vectorsEveryWayFailAtTheRightByte() throws {
        for vector in try loadVectors("utf8.json", as: UTF8Vectors.self).sequences {
            let bytes = hexBytes(vector.encodedHex)
            for chunks in splits(of: bytes) {
                let offset = validate(chunks)
                #expect(offset == vector.errorOffset, "\(vector.name) split \(chunks.map(\.count))")
            }
            #expect((String(validating: bytes, as: UTF8.self) != nil) == vector.valid, "\(vector.name)")
        }
    }

    @Test func failsBeforeTheRestArrives() throws {
        // Autobahn 6.4.x: the bad byte is reported while later bytes are still missing.
        var validator = UTF8Validator()
        try validator.validate(hexBytes("cebae1bdb9cf83cebcceb5")[...])
        #expect(throws: WSError.invalidPayloadData) { try validator.validate(hexBytes("f490")[...]) }
    }

    @Test func agreesWithTheStandardLibraryOnGeneratedSequences() {
        // Every 1- and 2-byte sequence, plus 3- and 4-byte sequences built from boundary bytes.
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                    0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF]
        var cases: [[UInt8]] = (0...255).map { [UInt8($0)] }
        for a in 0...255 { for b in stride(from: 0, through: 255, by: 3) { cases.append([UInt8(a), UInt8(b)]) } }
        for a in interesting { for b in interesting { for c in interesting { cases.append([a, b, c]) } } }
        for a in [UInt8(0xF0), 0xF1, 0xF4, 0xF5] { for b in interesting { for c in interesting { cases.append([a, b, c, 0x80]); cases.append([a, b, c, 0xBF]) } } }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<64, using: &generator)
            cases.append((0..<length).map { _ in interesting.randomElement(using: &generator)! })
        }
        for bytes in cases {
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect((validate([bytes[...]]) == nil) == expected, "\(hexString(bytes))")
            #expect(validate([bytes[...]]) == referenceFailure(bytes), "\(hexString(bytes))")
            if bytes.count > 1 {
                #expect((validate([bytes[..<1], bytes[1...]]) == nil) == expected, "\(hexString(bytes))")
            }
            // Behind an ASCII run the fast path hands over mid-stream.
            let padded = [UInt8](repeating: 0x61, count: 19) + bytes
            #expect((validate([padded[...]]) == nil) == expected, "\(hexString(bytes)) after ASCII")
            #expect(validate([padded[...]]) == referenceFailure(padded), "\(hexString(bytes)) after ASCII")
            let doubled = bytes + [0xCE, 0xBA] + bytes
            #expect(validate([doubled[...]]) == referenceFailure(doubled), "\(hexString(doubled))")
        }
    }

    @Test func byteBufferEntryPointAndBoundary() throws {
        var validator = UTF8Validator()
        try validator.validate(ByteBuffer(bytes: [0xE2, 0x82]))
        #expect(!validator.isAtBoundary)
        #expect(throws: WSError.invalidPayloadData) { try validator.finish() }
        try validator.validate(ByteBuffer(bytes: [0xAC]))
        #expect(validator.isAtBoundary)
        try validator.finish()
        #expect(validator.validatedCount == 3)
    }
}

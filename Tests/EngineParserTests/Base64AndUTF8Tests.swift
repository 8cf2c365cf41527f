@testable import EngineParser
import Foundation
import Testing

@Suite struct Base64AndUTF8Tests {
    /// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed | 1
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    @Test func base64MatchesFoundationBothWays() throws {
        for count in 0..<200 {
            let input = Self.bytes(count, seed: UInt64(count) &* 0x9E37_79B9)
            var out: [UInt8] = []
            input.withUnsafeBytes { Base64.encode($0, into: &out) }
            #expect(String(decoding: out, as: UTF8.self) == Data(input).base64EncodedString(), "\(count)")
            let decoded = try out.withUnsafeBytes { Base64.decode($0) }.get()
            #expect(decoded == input, "\(count)")
        }
    }

    @Test func base64RejectsEveryNonAlphabetByte() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for byte in UInt8.min...UInt8.max where !alphabet.contains(byte) {
            let input: [UInt8] = [0x41, 0x41, byte, 0x41]
            let result = input.withUnsafeBytes { Base64.decode($0) }
            #expect(throws: EngineError.invalidBase64.at(2)) { try result.get() }
        }
    }

    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        // Every 1-, 2- and 3-byte prefix drawn from interesting bytes, checked against String's validation.
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE,
                                    0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF, 0x90, 0x9F, 0xA0, 0x8F]
        var cases: [[UInt8]] = []
        for a in interesting {
            cases.append([a])
            for b in interesting {
                cases.append([a, b])
                for c in interesting { cases.append([a, b, c]); cases.append([a, b, c, 0x80]) }
            }
        }
        for bytes in cases {
            let valid = String(validating: bytes, as: UTF8.self) != nil
            let firstInvalid = bytes.withUnsafeBytes { UTF8Scan.firstInvalid($0) }
            #expect((firstInvalid == nil) == valid, "\(bytes)")
            if valid {
                let units = bytes.withUnsafeBytes { UTF8Scan.utf16Count($0) }
                #expect(units == String(decoding: bytes, as: UTF8.self).utf16.count, "\(bytes)")
            }
        }
    }

    @Test func longASCIIRunsAndMixedText() {
        let text = String(repeating: "abcdefgh", count: 33) + "é" + String(repeating: "x", count: 9) + "😀"
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { UTF8Scan.firstInvalid($0) } == nil)
        #expect(bytes.withUnsafeBytes { UTF8Scan.utf16Count($0) } == text.utf16.count)
        var broken = bytes
        broken[270] = 0xFF
        #expect(broken.withUnsafeBytes { UTF8Scan.firstInvalid($0) } == 270)
    }
}

import Testing

@testable import Transports

@Suite struct HTTPHeaderValidationTests {
    /// The reference's `validHdrChars` table, one entry per byte: HTAB, 0x20–0x7E and 0x80–0xFF are valid.
    @Test func everySingleByteFollowsTheReferenceTable() {
        for byte in 0...0xFF {
            let expected = byte == 0x09 || (0x20...0x7E).contains(byte) || byte >= 0x80
            // Bytes ≥ 0x80 arrive as part of UTF-8 sequences; test them inside a valid two-byte sequence.
            let text: String =
                byte < 0x80
                ? String(decoding: [UInt8(ascii: "a"), UInt8(byte)], as: UTF8.self)
                : String(decoding: [0xC3, 0xA9], as: UTF8.self)
            #expect(HeaderValidation.isValidValue(text) == expected, "byte \(byte)")
        }
    }

    @Test func typicalValues() {
        #expect(HeaderValidation.isValidValue(""))
        #expect(HeaderValidation.isValidValue("https://example.com"))
        #expect(HeaderValidation.isValidValue("null"))
        #expect(HeaderValidation.isValidValue("a\tb"))
        #expect(HeaderValidation.isValidValue("http://exämple.com"))
        #expect(!HeaderValidation.isValidValue("https://example.com\r\nX-Injected: 1"))
        #expect(!HeaderValidation.isValidValue("a\u{0}b"))
        #expect(!HeaderValidation.isValidValue("\u{7F}"))
        #expect(!HeaderValidation.isValidValue("abcdefgh\n"))
    }
}

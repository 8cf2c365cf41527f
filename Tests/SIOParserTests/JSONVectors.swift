import Foundation
import SIOParser

/// The shared vectors in Tests/Vectors/json.json, read with Foundation so the parser under test does not read its
/// own expectations.
struct JSONVectors: Decodable {
    struct Valid: Decodable {
        var encoded: String
        var stringify: String
        /// Where this library's output differs from Node's on purpose (exact Int64 digits).
        var ours: String?
    }

    struct Number: Decodable {
        var encoded: String
        var isInteger: Bool
        var int64: String?
        var doubleBits: String
    }

    struct DoubleCase: Decodable {
        var doubleBits: String
        var expected: String
    }

    struct StringCase: Decodable {
        var utf16: [UInt16]
        var expected: String
        var string: String?
    }

    struct LoneSurrogate: Decodable {
        var encoded: String
        var utf16: [UInt16]
        var stringValue: String
        var stringify: String
        var lone: Bool
    }

    struct Invalid: Decodable {
        var encoded: String?
        var encodedHex: String?
        var error: String
        var offset: Int

        var bytes: [UInt8] { encoded.map { Array($0.utf8) } ?? hexBytes(encodedHex ?? "") }
    }

    struct Limit: Decodable {
        var name: String
        var encoded: String
        var maxDepth: Int?
        var maxLength: Int?
        var error: String?
        var offset: Int?

        var options: JSONOptions {
            var options = JSONOptions()
            if let maxDepth { options.maxDepth = maxDepth }
            if let maxLength { options.maxLength = maxLength }
            return options
        }
    }

    struct ObjectOrder: Decodable {
        var encoded: String
        var ours: String
        var node: String
    }

    var valid: [Valid]
    var numbers: [Number]
    var doubles: [DoubleCase]
    var strings: [StringCase]
    var loneSurrogates: [LoneSurrogate]
    var invalid: [Invalid]
    var limits: [Limit]
    var objectOrder: [ObjectOrder]
    var implementationDefined: [String: String]

    /// Reads the vector file next to this test target.
    static func load() throws -> JSONVectors {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/json.json")
        return try JSONDecoder().decode(JSONVectors.self, from: Data(contentsOf: url))
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
    }
    return bytes
}

func doubleFromBits(_ hex: String) -> Double {
    Double(bitPattern: UInt64(hex, radix: 16) ?? 0)
}

func parseJSON(_ bytes: [UInt8], options: JSONOptions = .init()) throws(JSONError) -> JSONDocument<ArraySlice<UInt8>> {
    try JSONDocument(parsing: bytes[...], options: options)
}

func parseJSON(_ text: String, options: JSONOptions = .init()) throws(JSONError) -> JSONDocument<ArraySlice<UInt8>> {
    try parseJSON(Array(text.utf8), options: options)
}

/// The code's name as vectors spell it.
func codeName(_ error: JSONError) -> String { error.code.description }

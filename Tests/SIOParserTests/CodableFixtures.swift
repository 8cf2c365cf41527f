import SIOParser

// Types and helpers shared by the Codable tests.

enum SampleMood: String, Codable, Equatable {
    case happy, sad
}

enum SampleLevel: Int, Codable, Equatable {
    case low = 1
    case high = 2
}

enum SampleShape: Codable, Equatable {
    case circle(radius: Double)
    case square(side: Int)
    case none
}

struct SampleMeta: Codable, Equatable {
    var id: UInt64
    var ratio: Double
    var grid: [[Int]]
}

struct SampleMessage: Codable, Equatable {
    var user: String
    var text: String
    var mood: SampleMood?
    var level: SampleLevel
    var tags: [String]
    var meta: SampleMeta?
    var scores: [String: Int]
    var shape: SampleShape
}

struct SampleUpload: Codable, Equatable {
    var name: String
    var file: [UInt8]
    var thumbnail: [UInt8]?
}

/// A class hierarchy using superEncoder / superDecoder, as hand-written subclass conformances do.
class Animal: Codable {
    var legs: Int
    init(legs: Int) { self.legs = legs }
}

final class Dog: Animal {
    var name: String
    init(legs: Int, name: String) {
        self.name = name
        super.init(legs: legs)
    }

    private enum CodingKeys: String, CodingKey { case name }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try super.encode(to: container.superEncoder())
    }
}

/// Parses `json` (which must be valid) over an `ArraySlice<UInt8>`.
func codableDocument(_ json: String) throws -> JSONDocument<ArraySlice<UInt8>> {
    try JSONDocument(parsing: ArraySlice(Array(json.utf8)))
}

/// Decodes `T` from `json` with `attachments`.
func decodeJSON<T: Decodable>(
    _ type: T.Type,
    _ json: String,
    attachments: [[UInt8]] = [],
    options: SIOValueDecoder.Options = .init()
) throws -> T {
    try SIOValueDecoder(options: options).decode(
        T.self, from: codableDocument(json).root, attachments: attachments.map { ArraySlice($0) }
    )
}

/// The coding path of a DecodingError, as strings (indexes as "#n").
func pathOf(_ error: any Error) -> [String]? {
    let context: DecodingError.Context
    switch error as? DecodingError {
    case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
    default: return nil
    }
    return context.codingPath.map { $0.intValue.map { "#\($0)" } ?? $0.stringValue }
}

/// The bytes of an encoded attachment.
func bytesOf(_ attachment: any BinaryAttachment) -> [UInt8] {
    attachment.withAttachmentBytes { Array($0) }
}

// The FuzzCodable check, shared by the fuzz target (Fuzz/Sources/FuzzCodable links this file) and the replay test.
// Only the standard library and SIOParser: no Testing, no Foundation.
import SIOParser

/// Any JSON value as a `Codable` type, with Socket.IO attachments as `.binary`: what a handler taking "anything"
/// would decode, built only through the public Codable containers.
enum FuzzValue: Codable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case binary([UInt8])
    case array([FuzzValue])
    case object([String: FuzzValue])

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? single.decode(Int64.self) {
            self = .int(int)
        } else if let double = try? single.decode(Double.self) {
            self = .double(double)
        } else if let string = try? single.decode(String.self) {
            self = .string(string)
        } else if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: FuzzValue] = [:]
            for key in keyed.allKeys {
                members[key.stringValue] = try keyed.decode(FuzzValue.self, forKey: key)
            }
            self = .object(members)
        } else if let array = try? single.decode([FuzzValue].self) {
            self = .array(array)
        } else {
            // A placeholder (keyed access refused it): the attachment's bytes. Errors here propagate.
            self = .binary(try single.decode([UInt8].self))
        }
    }

    /// The value as JSON.stringify leaves it: non-finite numbers become null. (Recursion is bounded by the
    /// decoder's depth limit, which built the value.)
    var stringified: FuzzValue {
        switch self {
        case .double(let value) where !value.isFinite: .null
        case .array(let values): .array(values.map(\.stringified))
        case .object(let members): .object(members.mapValues(\.stringified))
        case .null, .bool, .int, .double, .string, .binary: self
        }
    }

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .null: try single.encodeNil()
        case .bool(let value): try single.encode(value)
        case .int(let value): try single.encode(value)
        case .double(let value): try single.encode(value)
        case .string(let value): try single.encode(value)
        case .binary(let value): try single.encode(value)
        case .array(let value): try single.encode(value)
        case .object(let value): try single.encode(value)
        }
    }
}

/// Typed targets whose decoding must fail cleanly or succeed; they exercise the error paths.
struct FuzzShape: Codable {
    var name: String
    var count: UInt8
    var ratio: Float?
    var tags: [String]
    var nested: [String: [Int16]]?
    var file: [UInt8]?
}

/// Chunk 0 is a JSON document, later chunks are its attachments. On a document that parses and decodes as a
/// `FuzzValue`, encodes it again, parses and decodes the output, and requires the same value and attachments.
func codableFuzzCheck(_ chunks: [ArraySlice<UInt8>], require: (Bool, String) -> Void) {
    guard let json = chunks.first, let document = try? JSONDocument(parsing: json) else { return }
    let attachments = Array(chunks.dropFirst())
    // Small depth limits on some inputs reach the limit path as well as ordinary decoding.
    let depth = json.count % 3 == 0 ? 6 : 128
    let decoder = SIOValueDecoder(options: .init(maxDepth: depth))
    _ = try? decoder.decode(FuzzShape.self, from: document.root, attachments: attachments)
    _ = try? decoder.decodeArguments(String.self, FuzzShape.self, [UInt8].self, from: document.root, attachments: attachments)
    guard let value = try? decoder.decode(FuzzValue.self, from: document.root, attachments: attachments) else { return }

    let encoded: EncodedArguments
    do {
        encoded = try SIOValueEncoder().encode(value)
    } catch {
        require(false, "a decoded value does not encode: \(error)")
        return
    }
    let newAttachments = encoded.attachments.map { attachment in
        attachment.withAttachmentBytes { ArraySlice($0) }
    }
    guard let again = try? JSONDocument(parsing: encoded.json[...]) else {
        require(false, "encoder output does not parse: \(encoded.jsonString)")
        return
    }
    do {
        let back = try SIOValueDecoder().decode(FuzzValue.self, from: again.root, attachments: newAttachments)
        require(back == value.stringified, "round trip changed the value: \(encoded.jsonString)")
    } catch {
        require(false, "encoder output does not decode: \(error) in \(encoded.jsonString)")
    }
}

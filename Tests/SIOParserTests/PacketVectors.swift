import Foundation
import SIOParser

/// One conformance vector from `Tests/Vectors/socketio-v*-packets.json`.
struct PacketVector: CustomStringConvertible, @unchecked Sendable {  // immutable after loading
    /// One Engine.IO message: a text packet or a binary attachment.
    enum Message: Sendable {
        case text([UInt8])
        case binary([UInt8])
    }

    let name: String
    let version: SIOProtocolVersion
    let messages: [Message]
    /// For valid vectors: the expected packet, as parsed JSON.
    let packet: [String: Any]?
    let canonical: Bool
    /// For invalid vectors: the error kind and the index of the message that raises it.
    let error: String?
    let errorAtPart: Int
    let maxAttachments: Int?
    /// For valid vectors: the expected payload (placeholders as objects), read with the module's own JSON parser so
    /// that key order and number forms are kept.
    let data: JSONValue?

    var description: String { "\(version) \(name)" }

    var options: SIOPacketOptions {
        var options = SIOPacketOptions(version: version)
        if let maxAttachments { options.maxAttachments = maxAttachments }
        return options
    }

    /// The text message (always the first).
    var text: [UInt8] {
        if case .text(let bytes) = messages.first { return bytes }
        return []
    }

    /// The expected attachments, as bytes.
    var attachments: [[UInt8]] {
        (packet?["attachments"] as? [String] ?? []).map(packetHexBytes)
    }

    /// The expected payload with each placeholder replaced by `.binary` (what an application would hand the encoder).
    var dataWithBinary: JSONValue? {
        data.map { resolvePlaceholders($0, attachments) }
    }

    static func load(_ file: String) -> [PacketVector] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors").appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { fatalError("cannot read \(url.path)") }
        let version: SIOProtocolVersion = (root["version"] as? String) == "v4" ? .v4 : .v5
        guard let document = try? JSONDocument(parsing: ArraySlice([UInt8](data))) else { fatalError("bad JSON") }
        var result: [PacketVector] = []
        for (key, isValid) in [("valid", true), ("invalid", false)] {
            for (index, entry) in (root[key] as? [[String: Any]] ?? []).enumerated() {
                let messages: [Message]
                if let parts = entry["encodedParts"] as? [String] {
                    messages = parts.map { part in
                        part.hasPrefix("hex:")
                            ? .binary(packetHexBytes(String(part.dropFirst(4)))) : .text(Array(part.utf8))
                    }
                } else {
                    messages = [.text(Array((entry["encoded"] as? String ?? "").utf8))]
                }
                let options = entry["options"] as? [String: Any]
                result.append(
                    PacketVector(
                        name: entry["name"] as? String ?? "?", version: version, messages: messages,
                        packet: isValid ? entry["packet"] as? [String: Any] : nil,
                        canonical: entry["canonical"] as? Bool ?? false,
                        error: entry["error"] as? String,
                        errorAtPart: entry["errorAtPart"] as? Int ?? 0,
                        maxAttachments: options?["maxAttachments"] as? Int,
                        data: document.root[key]?[index]?["packet"]?["data"]?.decodedValue()
                    ))
            }
        }
        return result
    }

    static let v5 = load("socketio-v5-packets.json")
    static let v4 = load("socketio-v4-packets.json")
    static let all = v5 + v4
    static let valid = all.filter { $0.packet != nil }
    static let invalid = all.filter { $0.packet == nil }
}

func packetHexBytes(_ hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
    while let high = iterator.next(), let low = iterator.next() {
        result.append(nibble(high) << 4 | nibble(low))
    }
    return result
}

/// Replaces `{"_placeholder":true,"num":i}` by `.binary(attachments[i])`.
func resolvePlaceholders(_ value: JSONValue, _ attachments: [[UInt8]]) -> JSONValue {
    switch value {
    case .array(let elements):
        return .array(elements.map { resolvePlaceholders($0, attachments) })
    case .object(let object):
        if object["_placeholder"] == .bool(true), let num = object["num"]?.int64Value, num >= 0,
            num < attachments.count
        {
            return .binary(attachments[Int(num)])
        }
        return .object(JSONObject(object.map { ($0.key, resolvePlaceholders($0.value, attachments)) }))
    case .null, .bool, .int, .double, .string, .binary:
        return value
    }
}

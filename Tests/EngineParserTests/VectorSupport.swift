import EngineParser
import Foundation
import Testing

typealias Slice = ArraySlice<UInt8>
typealias Packet = EnginePacket<Slice>

/// Loads and reads the JSON vector files in Tests/Vectors.
enum Vectors {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors")

    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while chars.count >= 2 {
            let pair = String(decoding: chars.prefix(2), as: UTF8.self)
            out.append(UInt8(pair, radix: 16) ?? 0)
            chars = chars.dropFirst(2)
        }
        return out
    }

    static func toHex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The wire bytes of a vector: `encoded` (UTF-8) or `encodedHex`.
    static func wire(_ vector: [String: Any], _ key: String = "encoded") -> [UInt8]? {
        if let text = vector[key] as? String { return Array(text.utf8) }
        if let hex = vector[key + "Hex"] as? String { return Vectors.hex(hex) }
        return nil
    }

    /// A packet described as `{"type": n, "text": "..."}` or `{"type": n, "binaryHex": "..."}`.
    static func packet(_ object: Any?) -> Packet? {
        guard let dict = object as? [String: Any], let type = dict["type"] as? Int else { return nil }
        let packetType = EnginePacketType(rawValue: UInt8(type))
        if let hex = dict["binaryHex"] as? String {
            return Packet(type: packetType, data: .binary(Vectors.hex(hex)[...]))
        }
        return Packet(type: packetType, data: .text(Array(((dict["text"] as? String) ?? "").utf8)[...]))
    }

    static func packets(_ object: Any?) -> [Packet]? {
        guard let list = object as? [Any] else { return nil }
        let result = list.compactMap(packet)
        return result.count == list.count ? result : nil
    }

    static func options(_ vector: [String: Any]) -> EngineParserOptions {
        var options = EngineParserOptions()
        if let v = vector["maxPayloadBytes"] as? Int { options.maxPayloadBytes = v }
        if let v = vector["maxPacketsPerPayload"] as? Int { options.maxPacketsPerPayload = v }
        if let v = vector["maxLengthDigits"] as? Int { options.maxLengthDigits = v }
        return options
    }

    static func cases(_ file: [String: Any], _ key: String) -> [[String: Any]] {
        (file[key] as? [[String: Any]]) ?? []
    }
}

/// The streaming decoders share one shape; tests drive them through it.
protocol StreamingPayloadDecoder {
    init(options: EngineParserOptions)
    var isFinished: Bool { get }
    mutating func next<Bytes>(_ buffer: inout Bytes, isComplete: Bool) throws(EngineError) -> EnginePacket<Bytes>?
    where Bytes: RandomAccessCollection & Sendable, Bytes.Element == UInt8, Bytes.Index == Int,
          Bytes.SubSequence == Bytes
}

extension EngineV4PayloadDecoder: StreamingPayloadDecoder {}
extension EngineV3PayloadDecoder: StreamingPayloadDecoder {}
extension EngineV3BinaryPayloadDecoder: StreamingPayloadDecoder {}

/// Feeds `chunks` in order (appending each to the buffer), collecting packets until the decoder finishes or fails.
/// Also checks the contract: nil leaves the buffer as it was, and the decoder ends finished with nothing left.
func feed<D: StreamingPayloadDecoder>(
    _ type: D.Type, _ chunks: [Slice], options: EngineParserOptions = EngineParserOptions()
) -> Result<[Packet], EngineError> {
    var decoder = D(options: options)
    var buffer: Slice = []
    var packets: [Packet] = []
    let chunks = chunks.isEmpty ? [[]] : chunks
    do {
        for (k, chunk) in chunks.enumerated() {
            buffer.append(contentsOf: chunk)
            let last = k == chunks.count - 1
            while true {
                let before = buffer
                guard let packet = try decoder.next(&buffer, isComplete: last) else {
                    if !last || !decoder.isFinished {
                        #expect(Array(before) == Array(buffer), "nil must leave the buffer untouched")
                    }
                    break
                }
                #expect(buffer.count < before.count, "a packet consumes bytes")
                packets.append(packet)
            }
        }
        #expect(decoder.isFinished, "decoder finished at the end of a complete payload")
        #expect(buffer.isEmpty)
        return .success(packets)
    } catch {
        return .failure(error)
    }
}

/// Every way of cutting `bytes` the design asks for: whole, byte by byte, and in two at every index.
func splittings(_ bytes: [UInt8]) -> [[Slice]] {
    var result: [[Slice]] = [[bytes[...]]]
    result.append(bytes.map { [$0][...] })
    if bytes.count > 1 {
        for i in 1..<bytes.count { result.append([bytes[..<i], bytes[i...]]) }
    }
    return result
}

/// Decodes `bytes` every way and requires every way to give the same result; returns it.
func decodeEveryWay<D: StreamingPayloadDecoder>(
    _ type: D.Type, _ bytes: [UInt8], options: EngineParserOptions = EngineParserOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> Result<[Packet], EngineError> {
    let whole = feed(type, [bytes[...]], options: options)
    for chunks in splittings(bytes).dropFirst() {
        let other = feed(type, chunks, options: options)
        switch (whole, other) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "split \(chunks.map(\.count))", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "split \(chunks.map(\.count))", sourceLocation: sourceLocation)
        default:
            Issue.record("split \(chunks.map(\.count)): \(whole) vs \(other)", sourceLocation: sourceLocation)
        }
    }
    return whole
}

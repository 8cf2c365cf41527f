import Foundation
import NIOCore
import Testing

@testable import WSFraming

/// Vector files live in Tests/Vectors next to this test target.
let vectorsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Vectors")

/// Decodes the JSON vector file `name`.
func loadVectors<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let data = try Data(contentsOf: vectorsDirectory.appendingPathComponent(name))
    return try JSONDecoder().decode(T.self, from: data)
}

/// Bytes from a hex string (test input only).
func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        out.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return out
}

/// Hex text of bytes.
func hexString(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// Every way the tests feed a stream: whole, byte by byte, and split in two at every index.
func splits(of bytes: [UInt8]) -> [[ArraySlice<UInt8>]] {
    var ways: [[ArraySlice<UInt8>]] = [[bytes[...]]]
    ways.append(bytes.indices.map { bytes[$0...$0] })
    if bytes.count > 1 {
        for cut in 1..<bytes.count {
            ways.append([bytes[..<cut], bytes[cut...]])
        }
    }
    return ways
}

/// The error kind named in a vector file.
func errorKind(_ name: String) -> WSError? {
    switch name {
    case "protocolError": .protocolError
    case "invalidPayloadData": .invalidPayloadData
    case "messageTooBig": .messageTooBig
    case "internalError": .internalError
    case "policyViolation": .policyViolation
    default: nil
    }
}

/// A buffer holding `bytes`.
func buffer(_ bytes: some Sequence<UInt8>) -> ByteBuffer {
    ByteBuffer(bytes: Array(bytes))
}

/// The role named in a vector file.
func role(_ name: String) -> WSRole { name == "server" ? .server : .client }

/// The chunks libFuzzer's input is cut into, as FuzzSupport's `FuzzInput` does (replayed by unit tests).
func fuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let cuts = min(Int(first & 7), bytes.count - 1)
    let body = Array(bytes[(1 + cuts)...])
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<cuts {
        let length = min(Int(bytes[1 + i]), body.count - start)
        result.append(body[start..<(start + length)])
        start += length
    }
    result.append(body[start...])
    return result
}

/// Every file in Fuzz/FailCases/<target>/ (none is fine).
func failCases(_ target: String) -> [[UInt8]] {
    let directory = vectorsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/FailCases/\(target)")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().compactMap { try? Array(Data(contentsOf: directory.appendingPathComponent($0))) }
}

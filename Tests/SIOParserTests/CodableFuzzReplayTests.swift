import Foundation
import SIOParser
import Testing

/// Runs the FuzzCodable check on the vectors of Tests/Vectors/codable.json and on every crasher in
/// Fuzz/FailCases/FuzzCodable/.
@Suite struct CodableFuzzReplayTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Vector: Decodable {
        var name: String
        var encoded: String?
        var encodedParts: [String]?
        var reencoded: String?
        var attachmentsHex: [String]?
        var error: Bool?

        /// The JSON document and its attachments.
        var chunks: [ArraySlice<UInt8>] {
            let parts = encodedParts ?? [encoded ?? ""]
            return parts.map { part in
                part.hasPrefix("hex:") ? ArraySlice(codableHexBytes(String(part.dropFirst(4)))) : ArraySlice(Array(part.utf8))
            }
        }
    }

    struct VectorFile: Decodable {
        var vectors: [Vector]
    }

    static let vectors: [Vector] = {
        let url = repository.appendingPathComponent("Tests/Vectors/codable.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(VectorFile.self, from: data) else {
            return []
        }
        return file.vectors
    }()

    @Test func vectorFileLoads() {
        #expect(Self.vectors.count >= 9)
    }

    @Test(arguments: vectors.map(\.name))
    func vector(name: String) throws {
        let vector = try #require(Self.vectors.first { $0.name == name })
        let chunks = vector.chunks
        codableFuzzCheck(chunks) { condition, message in #expect(condition, "\(message)") }
        let document = try JSONDocument(parsing: chunks[0])
        let attachments = Array(chunks.dropFirst())
        if vector.error == true {
            #expect(throws: DecodingError.self) {
                try SIOValueDecoder().decode(FuzzValue.self, from: document.root, attachments: attachments)
            }
            return
        }
        let value = try SIOValueDecoder().decode(FuzzValue.self, from: document.root, attachments: attachments)
        let encoded = try SIOValueEncoder().encode(value)
        #expect(encoded.jsonString == vector.reencoded)
        let expectedAttachments = vector.attachmentsHex.map { $0.map(codableHexBytes) } ?? attachments.map(Array.init)
        #expect(encoded.attachments.map(bytesOf) == expectedAttachments)
    }

    @Test func failCasesReplay() throws {
        let folder = Self.repository.appendingPathComponent("Fuzz/FailCases/FuzzCodable")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        for file in files {
            let data = try Data(contentsOf: file)
            codableFuzzCheck(codableFuzzChunks(Array(data))) { condition, message in
                #expect(condition, "\(file.lastPathComponent): \(message)")
            }
        }
    }
}

/// FuzzInput's layout (Fuzz/Sources/FuzzSupport/FuzzInput.swift): low 3 bits of byte 0 = number of cut points,
/// then that many chunk lengths, then the payload.
func codableFuzzChunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    guard let first = bytes.first else { return [] }
    let cuts = min(Int(first & 7), bytes.count - 1)
    let body = Array(bytes[(1 + cuts)...])
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    for i in 0..<cuts {
        let length = min(Int(bytes[1 + i]), body.count - start)
        chunks.append(body[start..<(start + length)])
        start += length
    }
    chunks.append(body[start...])
    return chunks
}

func codableHexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
    }
    return bytes
}

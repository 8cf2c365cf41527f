import EngineParser
import Foundation
import Testing

/// Replays every file in Fuzz/FailCases/FuzzEngine*/ through the same checks the fuzz targets run (duplicated here
/// because the fuzz package cannot be imported by the tests).
@Suite struct FuzzReplayTests {
    static let failCases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/FailCases")

    /// FuzzInput's layout: low 3 bits of byte 0 = number of cuts, then that many chunk lengths, then the payload.
    static func chunks(_ bytes: [UInt8]) -> (payload: [UInt8], chunks: [Slice]) {
        guard let first = bytes.first else { return ([], []) }
        let cuts = min(Int(first & 7), bytes.count - 1)
        let body = Array(bytes[(1 + cuts)...])
        var result: [Slice] = []
        var start = 0
        for i in 0..<cuts {
            let length = min(Int(bytes[1 + i]), body.count - start)
            result.append(body[start..<(start + length)])
            start += length
        }
        result.append(body[start...])
        return (body, result)
    }

    static func files(_ target: String) -> [URL] {
        let dir = failCases.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }
    }

    static func stream<D: StreamingPayloadDecoder>(_ type: D.Type, _ chunks: [Slice], _ options: EngineParserOptions)
        -> Result<[Packet], EngineError> {
        var decoder = D(options: options)
        var buffer: Slice = []
        var packets: [Packet] = []
        let chunks = chunks.isEmpty ? [[]] : chunks
        do {
            for (k, chunk) in chunks.enumerated() {
                buffer.append(contentsOf: chunk)
                while let packet = try decoder.next(&buffer, isComplete: k == chunks.count - 1) { packets.append(packet) }
            }
            #expect(decoder.isFinished && buffer.isEmpty)
            return .success(packets)
        } catch {
            return .failure(error)
        }
    }

    /// The payload targets' check: whole and chunked agree, and a decoded payload round-trips.
    static func checkPayload<D: StreamingPayloadDecoder>(
        _ type: D.Type, _ input: (payload: [UInt8], chunks: [Slice]), options: EngineParserOptions,
        encode: ([Packet]) -> [UInt8]
    ) {
        let whole = stream(type, [input.payload[...]], options)
        let chunked = stream(type, input.chunks, options)
        switch (whole, chunked) {
        case (.success(let a), .success(let b)):
            #expect(a == b)
            let out = encode(a)
            #expect((try? stream(type, [out[...]], EngineParserOptions(maxPayloadBytes: 1 << 20)).get()) == a)
            var rest = a[...]
            while !rest.isEmpty {
                let count = EngineV4PayloadEncoder.fittingCount(rest, maxPayload: Int(input.payload.first ?? 0))
                #expect(count >= 1)
                rest = rest.dropFirst(max(count, 1))
            }
        case (.failure(let a), .failure(let b)):
            #expect(a == b)
        default:
            Issue.record("whole and chunked disagree: \(whole) vs \(chunked)")
        }
    }

    @Test func replayV4PayloadFailCases() throws {
        for url in Self.files("FuzzEngineV4Payload") {
            let input = Self.chunks(Array(try Data(contentsOf: url)))
            Self.checkPayload(EngineV4PayloadDecoder.self, input,
                              options: EngineParserOptions(maxPayloadBytes: 4096, maxPacketsPerPayload: 64)) {
                var out: [UInt8] = []
                EngineV4PayloadEncoder.encode($0, into: &out)
                return out
            }
        }
    }

    @Test func replayV3PayloadFailCases() throws {
        let options = EngineParserOptions(maxPayloadBytes: 4096, maxPacketsPerPayload: 64, maxLengthDigits: 6)
        for url in Self.files("FuzzEngineV3Payload") {
            let input = Self.chunks(Array(try Data(contentsOf: url)))
            Self.checkPayload(EngineV3PayloadDecoder.self, input, options: options) {
                var out: [UInt8] = []
                EngineV3PayloadEncoder.encodeText($0, into: &out)
                return out
            }
            Self.checkPayload(EngineV3BinaryPayloadDecoder.self, input, options: options) {
                var out: [UInt8] = []
                EngineV3PayloadEncoder.encodeBinary($0, into: &out)
                return out
            }
        }
    }

    @Test func replayPacketFailCases() throws {
        let options = EngineParserOptions(maxPayloadBytes: 4096)
        for url in Self.files("FuzzEnginePacket") {
            for message in Self.chunks(Array(try Data(contentsOf: url))).chunks {
                for version in [EngineProtocolVersion.v4, .v3] {
                    if let packet = try? Packet.decode(text: message, version: version, options: options) {
                        var out: [UInt8] = []
                        let kind = packet.encodeWebSocket(version: version, into: &out)
                        let again = kind == .text
                            ? try? Packet.decode(text: out[...], version: version)
                            : try? Packet.decode(binary: out[...], version: version)
                        #expect(again == packet)
                        var text: [UInt8] = []
                        packet.encodeText(version: version, into: &text)
                        #expect((try? Packet.decode(text: text[...], version: version)) == packet)
                    }
                    if let packet = try? Packet.decode(binary: message, version: version, options: options) {
                        var out: [UInt8] = []
                        #expect(packet.encodeWebSocket(version: version, into: &out) == .binary)
                        #expect((try? Packet.decode(binary: out[...], version: version)) == packet)
                    }
                }
                if let handshake = try? EngineHandshake.decode(json: message, options: options) {
                    var out: [UInt8] = []
                    handshake.encodeJSON(into: &out)
                    #expect((try? EngineHandshake.decode(json: out)) == handshake)
                }
            }
        }
    }

    @Test func chunkLayoutMatchesFuzzInput() {
        let input = Self.chunks([2, 1, 2, 0x61, 0x62, 0x63, 0x64])
        #expect(input.payload == [0x61, 0x62, 0x63, 0x64])
        #expect(input.chunks.map(Array.init) == [[0x61], [0x62, 0x63], [0x64]])
    }
}

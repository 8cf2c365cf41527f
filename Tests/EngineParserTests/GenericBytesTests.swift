import EngineParser
import Foundation
import Testing

/// The decoders are generic over the caller's container; Foundation's Data is one (its slices share storage).
@Suite struct GenericBytesTests {
    @Test func v4PayloadFromData() throws {
        var body = Data("4hello\u{1e}bAQIDBA==\u{1e}2probe".utf8)
        var decoder = EngineV4PayloadDecoder()
        var packets: [EnginePacket<Data>] = []
        while let packet = try decoder.next(&body, isComplete: true) { packets.append(packet) }
        #expect(packets.map(\.type) == [.message, .message, .ping])
        #expect(packets[0].data.bytes == Array("hello".utf8))
        #expect(packets[1].data.bytes == [1, 2, 3, 4])
        #expect(packets[2].data.bytes == Array("probe".utf8))
        guard case .text(let text) = packets[2].data else { Issue.record("not text"); return }
        #expect(text.startIndex == 18)
    }

    @Test func v3PayloadsFromData() throws {
        var text = Data("2:4€10:b4AQIDBA==".utf8)
        var decoder = EngineV3PayloadDecoder()
        #expect(try decoder.next(&text, isComplete: true)?.data.bytes == Array("€".utf8))
        #expect(try decoder.next(&text, isComplete: true)?.data.bytes == [1, 2, 3, 4])
        #expect(try decoder.next(&text, isComplete: true) == nil)
        var binary = Data([0x01, 0x05, 0xFF, 0x04, 0x01, 0x02, 0x03, 0x04])
        var binaryDecoder = EngineV3BinaryPayloadDecoder()
        let packet = try #require(try binaryDecoder.next(&binary, isComplete: true))
        guard case .binary(let slice) = packet.data else { Issue.record("not binary"); return }
        #expect(slice.indices == 4..<8)
    }

    @Test func websocketBinaryFromData() throws {
        let packet = try EnginePacket.decode(binary: Data([4, 0, 1]), version: .v3)
        #expect(packet.type == .message && packet.data.bytes == [0, 1])
    }
}

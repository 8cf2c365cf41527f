import EngineParser
import Testing

@Suite struct EngineHandshakeTests {
    @Test func vectorsDecodeAndCanonicalOnesEncodeByteForByte() throws {
        let vectors = try Vectors.load("engineio-v4-packets.json")
        let cases = Vectors.cases(vectors, "handshakes")
        #expect(cases.count >= 4)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let json = try #require(vector["json"] as? String)
            let decoded = try EngineHandshake.decode(json: Array(json.utf8))
            let expected = EngineHandshake(
                sid: try #require(vector["sid"] as? String), upgrades: try #require(vector["upgrades"] as? [String]),
                pingInterval: try #require(vector["pingInterval"] as? Int),
                pingTimeout: try #require(vector["pingTimeout"] as? Int),
                maxPayload: try #require(vector["maxPayload"] as? Int))
            #expect(decoded == expected, "\(name)")
            var out: [UInt8] = []
            decoded.encodeJSON(into: &out)
            if (vector["canonical"] as? Bool) == true {
                #expect(out == Array(json.utf8), "\(name): \(String(decoding: out, as: UTF8.self))")
            }
            #expect(try EngineHandshake.decode(json: out) == decoded, "\(name)")
        }
    }

    @Test func invalidHandshakesAreErrors() throws {
        let cases = Vectors.cases(try Vectors.load("engineio-v4-packets.json"), "invalidHandshakes")
        #expect(cases.count >= 10)
        for vector in cases {
            let name = vector["name"] as? String ?? "?"
            let json = try #require(vector["json"] as? String)
            do {
                let handshake = try EngineHandshake.decode(json: Array(json.utf8))
                Issue.record("\(name): decoded \(handshake)")
            } catch {
                #expect(error.isSameKind(as: .invalidHandshake), "\(name): \(error)")
                #expect(error.offset >= 0 && error.offset <= json.utf8.count, "\(name): \(error)")
            }
        }
    }

    @Test func defaultsAreTheReferenceServers() {
        let handshake = EngineHandshake(sid: "x")
        #expect(handshake.pingInterval == 25_000)
        #expect(handshake.pingTimeout == 20_000)
        #expect(handshake.maxPayload == 1_000_000)
        #expect(handshake.upgrades == [])
    }

    @Test func openPacketRoundTrip() throws {
        let handshake = EngineHandshake(sid: "lv_VI97HAXpY6yYWAAAC", upgrades: ["websocket"])
        var out: [UInt8] = []
        handshake.encodeOpenPacket(into: &out)
        let expected = #"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
        #expect(out == Array(expected.utf8))
        let packet = try Packet.decode(text: out[...])
        #expect(try EngineHandshake.decode(openPacket: packet) == handshake)
        #expect(throws: EngineError.invalidHandshake.at(0)) {
            try EngineHandshake.decode(openPacket: Packet(type: .message, data: .text(out[1...])))
        }
        // Offsets of errors inside the JSON count the type byte of the packet.
        let bad = Array(#"0{"sid":1}"#.utf8)
        #expect(throws: EngineError.invalidHandshake.at(8)) {
            try EngineHandshake.decode(openPacket: try Packet.decode(text: bad[...]))
        }
    }

    @Test func controlCharactersAreEscapedAsJSONStringifyDoes() {
        var out: [UInt8] = []
        EngineHandshake(sid: "\u{8}\u{c}\u{1f}\t\r/é").encodeJSON(into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.hasPrefix(#"{"sid":"\b\f\u001f\t\r/é","#))
    }
}

import EngineParser
import Testing

@Suite struct EnginePacketTests {
    static func decode(_ vector: [String: Any], version: EngineProtocolVersion) throws(EngineError) -> Packet {
        let bytes = Vectors.wire(vector) ?? []
        if (vector["kind"] as? String) == "binary" {
            return try Packet.decode(binary: bytes[...], version: version)
        }
        return try Packet.decode(text: bytes[...], version: version)
    }

    @Test(arguments: [("engineio-v4-packets.json", EngineProtocolVersion.v4), ("engineio-v3-packets.json", .v3)])
    func validVectors(file: String, version: EngineProtocolVersion) throws {
        let vectors = try Vectors.load(file)
        let valid = Vectors.cases(vectors, "valid")
        #expect(valid.count > 10)
        for vector in valid {
            let name = vector["name"] as? String ?? "?"
            let expected = try #require(Vectors.packet(vector["packet"]), "\(name)")
            let packet = try Self.decode(vector, version: version)
            #expect(packet == expected, "\(name)")
            // Round trip: encode after decode gives the wire bytes (or the canonical form) and the same packet.
            var out: [UInt8] = []
            let kind = packet.encodeWebSocket(version: version, into: &out)
            if case .decodedBinary = packet.data {
                // Arrived as base64 text: the WebSocket form is binary, the text form is the vector's.
                var text: [UInt8] = []
                packet.encodeText(version: version, into: &text)
                #expect(text == (Vectors.wire(vector, "reencoded") ?? Vectors.wire(vector)), "\(name)")
                #expect(kind == .binary)
            } else {
                #expect(out == (Vectors.wire(vector, "reencoded") ?? Vectors.wire(vector)), "\(name)")
                #expect((kind == .binary) == ((vector["kind"] as? String) == "binary"), "\(name)")
            }
            let again = kind == .binary
                ? try Packet.decode(binary: out[...], version: version)
                : try Packet.decode(text: out[...], version: version)
            #expect(again == packet, "\(name)")
        }
    }

    @Test(arguments: [("engineio-v4-packets.json", EngineProtocolVersion.v4), ("engineio-v3-packets.json", .v3)])
    func invalidVectors(file: String, version: EngineProtocolVersion) throws {
        let invalid = Vectors.cases(try Vectors.load(file), "invalid")
        #expect(invalid.count >= 5)
        for vector in invalid {
            let name = vector["name"] as? String ?? "?"
            do {
                let packet = try Self.decode(vector, version: version)
                Issue.record("\(name): decoded \(packet), expected \(vector["error"] ?? "")")
            } catch {
                #expect(error.name == vector["error"] as? String, "\(name): \(error)")
                #expect(error.offset == vector["offset"] as? Int, "\(name): \(error)")
            }
        }
    }

    @Test func textPacketsKeepSlicesOfTheInput() throws {
        let input: [UInt8] = Array("xx4hello".utf8)
        let packet = try Packet.decode(text: input[2...])
        guard case .text(let text) = packet.data else { Issue.record("not text"); return }
        #expect(text.startIndex == 3 && text.endIndex == 8)
        input.withUnsafeBufferPointer { base in
            text.withUnsafeBufferPointer { #expect($0.baseAddress == base.baseAddress! + 3) }
        }
    }

    @Test func websocketMessagesAreCheckedAgainstTheLimit() {
        let options = EngineParserOptions(maxPayloadBytes: 4)
        #expect(throws: EngineError.payloadTooLarge.at(4)) { try Packet.decode(text: Array("4hell".utf8)[...], options: options) }
        #expect(throws: EngineError.payloadTooLarge.at(4)) { try Packet.decode(binary: [1, 2, 3, 4, 5][...], options: options) }
        #expect(throws: Never.self) { try Packet.decode(text: Array("4hel".utf8)[...], options: options) }
    }

    @Test func v4BinaryIsAlwaysAMessageAndV3CarriesTheType() throws {
        var out: [UInt8] = []
        let ping = Packet(type: .ping, data: .binary([9][...]))
        #expect(ping.encodeWebSocket(version: .v3, into: &out) == .binary)
        #expect(out == [2, 9])
        out = []
        ping.encodeText(version: .v3, into: &out)
        #expect(out == Array("b2CQ==".utf8))
        out = []
        Packet.binary([9][...]).encodeText(version: .v4, into: &out)
        #expect(out == Array("bCQ==".utf8))
    }

    @Test func packetTypesAreStructsThatKeepUnknownValues() {
        #expect(EnginePacketType(rawValue: 4) == .message)
        #expect(EnginePacketType.noop.isKnown)
        #expect(!EnginePacketType(rawValue: 7).isKnown)
        #expect(EnginePacketType(rawValue: 7).description == "unknown(7)")
        #expect(EnginePacketType.upgrade.description == "upgrade")
    }

    @Test func errorsCarryKindOffsetAndDetail() {
        let error = EngineError.invalidBase64.at(12, "bad byte")
        #expect(error.offset == 12)
        #expect(error.description == "EngineError(bad byte at offset 12)")
        #expect(error.isSameKind(as: .invalidBase64))
        #expect(!error.isSameKind(as: .invalidUTF8))
        #expect(error == EngineError.invalidBase64.at(12))
    }
}
